package io.certatlas.store.schedule;

import java.time.Instant;
import java.util.UUID;

/**
 * A named recurring scan as stored: what to scan (the JSON of a scan request), when (a cron
 * expression read in {@code zone}), whether it is on, and when it is next due.
 */
public record ScanSchedule(long id, UUID uuid, String name, String requestJson, String cron, String zone,
                           boolean enabled, Instant nextRun, String createdBy, Instant created, Instant updated) {}
