package io.certatlas.store.schedule;

import io.certatlas.store.jobs.Zone;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A named recurring scan as stored: what to scan (the JSON of a scan request), when (a cron
 * expression read in the time zone {@code zone}), which network zone's scanner agents run it
 * (none: the servers' own runners), whether it is on, and when it is next due.
 */
public record ScanSchedule(long id, UUID uuid, String name, String requestJson, String cron, String zone,
                           Optional<Zone> networkZone, boolean enabled, Instant nextRun, String createdBy, Instant created,
                           Instant updated) {}
