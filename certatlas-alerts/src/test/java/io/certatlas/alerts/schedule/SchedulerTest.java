package io.certatlas.alerts.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.jobs.ScanJobQueue;
import io.certatlas.store.schedule.ScanSchedule;
import io.certatlas.store.schedule.ScanSchedules;
import io.certatlas.store.schedule.ScheduleRun;
import io.certatlas.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recurring scans on a real database with a clock the test moves: a run starts when due and not
 * before, a schedule missed during downtime runs once (not once per missed slot), a schedule
 * whose run is still going is not started again, several schedulers on one database start each
 * run once, and a restarted scheduler (new objects, same database) carries on where it was.
 */
class SchedulerTest {

    private static final String REQUEST = "{\"targets\": [\"127.0.0.1\"], \"ports\": \"443\"}";

    private Database database;
    private ScanSchedules schedules;
    private ScanJobQueue jobs;
    private SettableClock clock;

    @BeforeEach
    void open() {
        database = TestDatabase.fresh();
        schedules = new ScanSchedules(database.dsl());
        jobs = new ScanJobQueue(database.dsl());
        clock = new SettableClock(Instant.parse("2026-03-02T10:30:00Z"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ScanSchedule hourly(String name) {
        CronSchedule cron = CronSchedule.parse("0 * * * *", "UTC");
        return schedules.create(name, REQUEST, cron.expression(), "UTC", java.util.Optional.empty(), true, cron.next(clock.instant()), "test");
    }

    private void finishAll() {
        for (var job : jobs.recent(1000)) {
            if (job.status().equals("QUEUED")) {
                long id = jobs.claim("test-worker").orElseThrow().id();
                jobs.finish(id, "{}");
            }
        }
    }

    @Test
    void runsWhenDueOnceAfterDowntimeAndNeverTwiceAtOnce() {
        ScanSchedule schedule = hourly("web hourly");
        assertThat(schedule.nextRun()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        Scheduler scheduler = new Scheduler(schedules, clock, "server-a");

        clock.set(Instant.parse("2026-03-02T10:59:59Z"));
        assertThat(scheduler.tick()).isEmpty();

        clock.set(Instant.parse("2026-03-02T11:00:00Z"));
        List<ScheduleRun> first = scheduler.tick();
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().job().orElseThrow().requestJson()).contains("127.0.0.1");
        assertThat(first.getFirst().job().orElseThrow().createdBy()).isEqualTo("schedule:web hourly");

        // Due again at 12:00 while the 11:00 run still runs: nothing starts; once it ends, one run.
        clock.set(Instant.parse("2026-03-02T12:00:05Z"));
        assertThat(scheduler.tick()).isEmpty();
        assertThat(schedules.running(schedule.id())).isTrue();
        finishAll();
        assertThat(scheduler.tick()).hasSize(1);
        assertThat(scheduler.tick()).isEmpty();
        finishAll();

        // Down from 12:00 to 17:40: five slots missed, one run at start, next slot 18:00.
        clock.set(Instant.parse("2026-03-02T17:40:00Z"));
        Scheduler restarted = new Scheduler(new ScanSchedules(database.dsl()), clock, "server-a-restarted");
        assertThat(restarted.tick()).hasSize(1);
        assertThat(restarted.tick()).isEmpty();
        assertThat(schedules.find("web hourly").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-03-02T18:00:00Z"));
        assertThat(schedules.runs(schedule.id(), 100)).hasSize(3);
        assertThat(jobs.recent(100)).hasSize(3);
    }

    @Test
    void aDisabledScheduleNeverRuns() {
        CronSchedule cron = CronSchedule.parse("*/5 * * * *", "UTC");
        schedules.create("off", REQUEST, cron.expression(), "UTC", java.util.Optional.empty(), false, cron.next(clock.instant()), "test");
        clock.advance(Duration.ofHours(3));
        assertThat(new Scheduler(schedules, clock, "a").tick()).isEmpty();
    }

    @Test
    void severalSchedulersOnOneDatabaseStartEachRunOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            hourly("schedule " + i);
        }
        clock.set(Instant.parse("2026-03-02T11:00:00Z"));
        int servers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ScheduleRun>>> ticks = new ArrayList<>();
        for (int s = 0; s < servers; s++) {
            Scheduler scheduler = new Scheduler(new ScanSchedules(database.dsl()), clock, "server-" + s);
            ticks.add(pool.submit(() -> {
                go.await();
                List<ScheduleRun> started = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    started.addAll(scheduler.tick());
                }
                return started;
            }));
        }
        go.countDown();
        int started = 0;
        for (Future<List<ScheduleRun>> tick : ticks) {
            started += tick.get().size();
        }
        pool.shutdown();
        assertThat(started).isEqualTo(5);
        assertThat(jobs.recent(100)).hasSize(5);
    }

    @Test
    void cronExpressionsAreCheckedWithAMessage() {
        assertThat(CronSchedule.parse("0 3 * * *", "Europe/Berlin").next(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-03T02:00:00Z"));
        assertThat(CronSchedule.parse("@daily", "UTC").next(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC")).hasMessageContaining("is not a cron expression");
        // Valid syntax, but 31 February never comes: refused when written, not a failure when the schedule is saved.
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *", "UTC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no time that ever comes");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * * *", "Mars/Olympus")).hasMessageContaining("is not a time zone");
        // Seconds first is accepted, but only once a minute: '* * * * * *' would start a scan every second.
        assertThat(CronSchedule.parse("30 0 3 * * *", "UTC").next(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-03T03:00:30Z"));
        for (String tooOften : new String[] {"* * * * * *", "*/10 * * * * *", "0,30 * * * * *"}) {
            assertThatThrownBy(() -> CronSchedule.parse(tooOften, "UTC")).as(tooOften).hasMessageContaining("more than once a minute");
        }
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * *", "UTC")).hasMessageContaining("has 4 fields; write five");
        // The message quotes what the user wrote, not the six-field form it is read as.
        assertThatThrownBy(() -> CronSchedule.parse("0 9 1 * L", "UTC")).hasMessageContaining("'0 9 1 * L'")
                .message().doesNotContain("0 0 9");
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherDayIsARunDayAsInCrontab() {
        // 1 March 2026 is a Sunday: the 1st, then every Monday, then 1 April (a Wednesday).
        CronSchedule firstAndMondays = CronSchedule.parse("0 9 1 * 1", "UTC");
        List<Instant> runs = new ArrayList<>();
        Instant at = Instant.parse("2026-02-27T00:00:00Z");
        for (int i = 0; i < 8; i++) {
            at = firstAndMondays.next(at);
            runs.add(at);
        }
        assertThat(runs).containsExactly(Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-02T09:00:00Z"),
                Instant.parse("2026-03-09T09:00:00Z"), Instant.parse("2026-03-16T09:00:00Z"), Instant.parse("2026-03-23T09:00:00Z"),
                Instant.parse("2026-03-30T09:00:00Z"), Instant.parse("2026-04-01T09:00:00Z"), Instant.parse("2026-04-06T09:00:00Z"));
        // 31 February never comes, but the Mondays of February do.
        assertThat(CronSchedule.parse("0 0 31 2 1", "UTC").next(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        // Either field unrestricted ('*', or starting with it as Vixie cron reads '*/2'): the other alone decides.
        assertThat(CronSchedule.parse("0 9 * * 1", "UTC").next(Instant.parse("2026-02-27T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(CronSchedule.parse("0 9 1 * *", "UTC").next(Instant.parse("2026-02-27T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(CronSchedule.parse("0 9 */2 * 1", "UTC").next(Instant.parse("2026-02-27T00:00:00Z")))
                .as("odd days that are Mondays").isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
    }
}
