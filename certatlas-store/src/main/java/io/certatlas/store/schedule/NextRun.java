package io.certatlas.store.schedule;

import java.time.Instant;

/** When a schedule is due next after {@code now}: the cron arithmetic lives outside the store. */
@FunctionalInterface
public interface NextRun {
    Instant after(ScanSchedule schedule, Instant now);
}
