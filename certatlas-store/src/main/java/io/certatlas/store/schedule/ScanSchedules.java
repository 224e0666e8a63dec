package io.certatlas.store.schedule;

import io.certatlas.store.alerts.NameInUseException;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import io.certatlas.store.jobs.Zone;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * Recurring scans in the database. {@link #startDue} is what a server's scheduler calls on every
 * tick: in one transaction it locks the due schedules no other server holds ({@code FOR UPDATE
 * SKIP LOCKED}), queues one scan job for each whose previous run has finished, records the run and
 * moves {@code next_run} past {@code now}. So a schedule missed during downtime runs once, not
 * once per missed slot, and several servers on one database start each run once.
 */
public final class ScanSchedules {

    private static final String COLUMNS = "s.id, s.uuid, s.name, s.request::text as request, s.cron, s.zone, s.network_zone, s.enabled,"
            + " s.next_run, s.created_by, s.created, s.updated";

    private final DSLContext db;

    public ScanSchedules(DSLContext db) {
        this.db = db;
    }

    public ScanSchedule create(String name, String requestJson, String cron, String zone, Optional<Zone> networkZone,
                               boolean enabled, Instant nextRun, String createdBy) {
        UUID uuid = UUID.randomUUID();
        try {
            db.execute("insert into scan_schedule (uuid, name, request, cron, zone, network_zone, enabled, next_run, created_by)"
                    + " values (?, ?, ?::jsonb, ?, ?, ?, ?, ?::timestamptz, ?)", uuid, name, requestJson, cron, zone,
                    networkZone.map(Zone::name).orElse(null), enabled, at(nextRun), createdBy);
        } catch (IntegrityConstraintViolationException e) {
            throw new NameInUseException("schedule", name);
        }
        return find(uuid.toString()).orElseThrow();
    }

    /** Replaces what the schedule scans and when; the next run is recomputed by the caller. */
    public ScanSchedule update(ScanSchedule schedule) {
        try {
            db.execute("update scan_schedule set name = ?, request = ?::jsonb, cron = ?, zone = ?, network_zone = ?, enabled = ?,"
                    + " next_run = ?::timestamptz, updated = now() where id = ?", schedule.name(), schedule.requestJson(),
                    schedule.cron(), schedule.zone(), schedule.networkZone().map(Zone::name).orElse(null), schedule.enabled(),
                    at(schedule.nextRun()), schedule.id());
        } catch (IntegrityConstraintViolationException e) {
            throw new NameInUseException("schedule", schedule.name());
        }
        return find(schedule.uuid().toString()).orElseThrow();
    }

    public boolean delete(long id) {
        return db.execute("delete from scan_schedule where id = ?", id) > 0;
    }

    public List<ScanSchedule> list() {
        return db.resultQuery("select " + COLUMNS + " from scan_schedule s order by lower(s.name)").fetch()
                .map(ScanSchedules::toSchedule);
    }

    /** By UUID or by name (ignoring case). */
    public Optional<ScanSchedule> find(String nameOrUuid) {
        Optional<UUID> uuid = uuid(nameOrUuid);
        return uuid.isPresent()
                ? db.resultQuery("select " + COLUMNS + " from scan_schedule s where s.uuid = ?", uuid.get())
                        .fetchOptional().map(ScanSchedules::toSchedule)
                : db.resultQuery("select " + COLUMNS + " from scan_schedule s where lower(s.name) = lower(?)", nameOrUuid)
                        .fetchOptional().map(ScanSchedules::toSchedule);
    }

    /** The latest runs of a schedule, newest first. */
    public List<ScheduleRun> runs(long scheduleId, int limit) {
        ScanJobQueue jobs = new ScanJobQueue(db);
        List<ScheduleRun> runs = new ArrayList<>();
        for (Record r : db.resultQuery("select r.id, r.schedule_id, r.due, r.started, r.worker, j.uuid as job"
                + " from scan_schedule_run r left join scan_job j on j.id = r.scan_job_id"
                + " where r.schedule_id = ? order by r.id desc limit ?", scheduleId, limit).fetch()) {
            Optional<ScanJob> job = Optional.ofNullable(r.get("job", UUID.class)).flatMap(jobs::find);
            runs.add(new ScheduleRun(r.get("id", Long.class), r.get("schedule_id", Long.class), instant(r, "due"),
                    instant(r, "started"), r.get("worker", String.class), job));
        }
        return runs;
    }

    /** Whether a run of the schedule is queued or running now. */
    public boolean running(long scheduleId) {
        return db.fetchExists(DSL.selectOne().from("scan_schedule_run r join scan_job j on j.id = r.scan_job_id")
                .where("r.schedule_id = ? and j.status in ('QUEUED', 'RUNNING')", scheduleId));
    }

    /**
     * Starts every schedule due at {@code now} that no other server holds and whose previous run
     * is over; answers the runs started. A schedule still running stays due and starts once its
     * run ends.
     */
    public List<ScheduleRun> startDue(Instant now, String worker, NextRun nextRun) {
        return db.transactionResult(tx -> {
            DSLContext t = DSL.using(tx);
            List<ScanSchedule> due = t.resultQuery("select " + COLUMNS + " from scan_schedule s"
                    + " where s.enabled and s.next_run <= ?::timestamptz"
                    + " and not exists (select 1 from scan_schedule_run r join scan_job j on j.id = r.scan_job_id"
                    + "                 where r.schedule_id = s.id and j.status in ('QUEUED', 'RUNNING'))"
                    + " order by s.next_run, s.id for update of s skip locked", at(now)).fetch().map(ScanSchedules::toSchedule);
            List<ScheduleRun> started = new ArrayList<>();
            for (ScanSchedule schedule : due) {
                ScanJob job = new ScanJobQueue(t).enqueue(schedule.requestJson(), "schedule:" + schedule.name(), schedule.networkZone());
                long runId = t.resultQuery("insert into scan_schedule_run (schedule_id, scan_job_id, due, started, worker)"
                        + " values (?, ?, ?::timestamptz, ?::timestamptz, ?) returning id", schedule.id(), job.id(), at(schedule.nextRun()), at(now), worker)
                        .fetchOne().get("id", Long.class);
                t.execute("update scan_schedule set next_run = ?::timestamptz where id = ?", at(nextRun.after(schedule, now)), schedule.id());
                started.add(new ScheduleRun(runId, schedule.id(), schedule.nextRun(), now, worker, Optional.of(job)));
            }
            return started;
        });
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Record r, String column) {
        return r.get(column, OffsetDateTime.class).toInstant();
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ScanSchedule toSchedule(Record r) {
        return new ScanSchedule(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("name", String.class),
                r.get("request", String.class), r.get("cron", String.class), r.get("zone", String.class),
                Optional.ofNullable(r.get("network_zone", String.class)).map(Zone::new), r.get("enabled", Boolean.class),
                instant(r, "next_run"), r.get("created_by", String.class), instant(r, "created"), instant(r, "updated"));
    }
}
