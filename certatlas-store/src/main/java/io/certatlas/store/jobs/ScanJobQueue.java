package io.certatlas.store.jobs;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Scan jobs in the database, so they survive a restart and several scanner processes can share
 * them: a worker claims the oldest queued job with {@code FOR UPDATE SKIP LOCKED} and reports its
 * progress while it runs; a job whose worker is no longer alive ({@link RunnerLiveness}) is queued
 * again (recording is idempotent, so running it again from the start loses and duplicates nothing).
 */
public final class ScanJobQueue {

    private static final String COLUMNS = "id, uuid, status, request::text as request, created_by, total, done, found,"
            + " error, summary::text as summary, created, started, finished";

    private final DSLContext db;

    public ScanJobQueue(DSLContext db) {
        this.db = db;
    }

    public ScanJob enqueue(String requestJson, String createdBy) {
        UUID uuid = UUID.randomUUID();
        db.execute("insert into scan_job (uuid, status, request, created_by) values (?, 'QUEUED', ?::jsonb, ?)",
                uuid, requestJson, createdBy);
        return find(uuid).orElseThrow();
    }

    /** Takes the oldest queued job for this worker, if any. */
    public Optional<ScanJob> claim(String worker) {
        return db.resultQuery("""
                update scan_job set status = 'RUNNING', worker = ?, heartbeat = now(), started = coalesce(started, now())
                where id = (select id from scan_job where status = 'QUEUED' order by created, id
                            for update skip locked limit 1)
                returning""" + " " + COLUMNS, worker).fetchOptional().map(ScanJobQueue::toJob);
    }

    public void progress(long id, long done, long total, long found) {
        db.execute("update scan_job set done = ?, total = ?, found = ?, heartbeat = now() where id = ? and status = 'RUNNING'",
                done, total, found, id);
    }

    public void finish(long id, String summaryJson) {
        db.execute("update scan_job set status = 'FINISHED', summary = ?::jsonb, finished = now(), heartbeat = now()"
                + " where id = ?", summaryJson, id);
    }

    public void fail(long id, String error) {
        db.execute("update scan_job set status = 'FAILED', error = ?, finished = now() where id = ?", error, id);
    }

    /**
     * Queues again, at once, the running jobs of every worker that is not alive: whose
     * {@link RunnerLiveness} lock nobody holds (its process ended, however it ended), or that
     * has no worker. The lock is tried for the statement's transaction only.
     */
    public int requeueOrphaned() {
        return db.execute("update scan_job set status = 'QUEUED', worker = null, done = 0, found = 0"
                + " where status = 'RUNNING' and (worker is null or pg_try_advisory_xact_lock(" + RunnerLiveness.key("worker")
                + "))");
    }

    /** Queues again every job a worker of this name was running when it stopped. */
    public int requeueOf(String worker) {
        return db.execute("update scan_job set status = 'QUEUED', worker = null, done = 0, found = 0"
                + " where status = 'RUNNING' and worker = ?", worker);
    }

    public Optional<ScanJob> find(UUID uuid) {
        return db.resultQuery("select " + COLUMNS + " from scan_job where uuid = ?", uuid).fetchOptional().map(ScanJobQueue::toJob);
    }

    public List<ScanJob> recent(int limit) {
        return db.resultQuery("select " + COLUMNS + " from scan_job order by created desc, id desc limit ?", limit)
                .fetch().map(ScanJobQueue::toJob);
    }

    private static ScanJob toJob(Record r) {
        return new ScanJob(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("status", String.class),
                r.get("request", String.class), r.get("created_by", String.class), r.get("total", Long.class),
                r.get("done", Long.class), r.get("found", Long.class), r.get("error", String.class),
                Optional.ofNullable(r.get("summary", String.class)),
                r.get("created", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(r.get("started", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.get("finished", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }
}
