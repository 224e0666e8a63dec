package io.certatlas.store.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A scan job as stored: what was asked (JSON), where it stands, and its summary once done. */
public record ScanJob(
        long id,
        UUID uuid,
        String status,
        String requestJson,
        String createdBy,
        long total,
        long done,
        long found,
        String error,
        Optional<String> summaryJson,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> finished) {}
