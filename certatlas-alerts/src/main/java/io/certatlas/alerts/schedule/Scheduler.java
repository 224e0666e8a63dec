package io.certatlas.alerts.schedule;

import io.certatlas.store.schedule.ScanSchedules;
import io.certatlas.store.schedule.ScheduleRun;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the recurring scans that are due: each tick queues one scan job per due schedule (the
 * server's scan-job runner does the scanning) and moves the schedule to its next slot after now.
 * Safe to tick from several servers at once; each run starts once.
 */
public final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final ScanSchedules schedules;
    private final Clock clock;
    private final String worker;

    public Scheduler(ScanSchedules schedules, Clock clock, String worker) {
        this.schedules = schedules;
        this.clock = clock;
        this.worker = worker;
    }

    public List<ScheduleRun> tick() {
        List<ScheduleRun> started = schedules.startDue(clock.instant(), worker,
                (schedule, now) -> CronSchedule.parse(schedule.cron(), schedule.zone()).next(now));
        for (ScheduleRun run : started) {
            LOG.info("scheduled scan {} started (due {}), scan job {}", run.scheduleId(), run.due(),
                    run.job().map(j -> j.uuid().toString()).orElse("?"));
        }
        return started;
    }
}
