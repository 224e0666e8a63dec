package io.certatlas.store.schedule;

import io.certatlas.store.jobs.ScanJob;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a schedule: when it was due, when a server started it, and the scan job it queued
 * (whose status, counts and error are the run's). The job is empty once it was deleted.
 */
public record ScheduleRun(long id, long scheduleId, Instant due, Instant started, String worker, Optional<ScanJob> job) {}
