package io.certatlas.store.jobs;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
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
 *
 * <p>A job may name a {@link Zone}. A server's runner takes unzoned jobs and those of the zones
 * it is told to serve; a remote scanner agent takes only jobs of its own zone, on a lease that
 * its heartbeats renew (an agent has no database session whose lock could prove it alive), and
 * its job is queued again once the lease lapses.
 */
public final class ScanJobQueue {

    /** How an agent's worker name starts: {@code agent:NAME/LEASE}. */
    public static final String AGENT_PREFIX = "agent:";

    private static final String COLUMNS = "id, uuid, status, request::text as request, created_by, total, done, found,"
            + " error, summary::text as summary, created, started, finished, zone, worker";

    private final DSLContext db;

    public ScanJobQueue(DSLContext db) {
        this.db = db;
    }

    /** Queues a job for the servers' own runners (no zone). */
    public ScanJob enqueue(String requestJson, String createdBy) {
        return enqueue(requestJson, createdBy, Optional.empty());
    }

    /** Queues a job; with a zone, only that zone's agents (or a server serving it) take it. */
    public ScanJob enqueue(String requestJson, String createdBy, Optional<Zone> zone) {
        UUID uuid = UUID.randomUUID();
        db.execute("insert into scan_job (uuid, status, request, created_by, zone) values (?, 'QUEUED', ?::jsonb, ?, ?)",
                uuid, requestJson, createdBy, zone.map(Zone::name).orElse(null));
        return find(uuid).orElseThrow();
    }

    /** Takes the oldest queued job without a zone for this worker, if any. */
    public Optional<ScanJob> claim(String worker) {
        return claim(worker, List.of());
    }

    /**
     * Takes, for a server's runner, the oldest queued job that has no zone or one of {@code zones};
     * the runner proves itself alive by its {@link RunnerLiveness} lock.
     */
    public Optional<ScanJob> claim(String worker, Collection<Zone> zones) {
        String[] served = zones.stream().map(Zone::name).toArray(String[]::new);
        return db.resultQuery("""
                update scan_job set status = 'RUNNING', worker = ?, heartbeat = now(), lease_until = null,
                       started = coalesce(started, now())
                where id = (select id from scan_job where status = 'QUEUED' and (zone is null or zone = any(?::text[]))
                            order by created, id for update skip locked limit 1)
                returning""" + " " + COLUMNS, worker, served).fetchOptional().map(ScanJobQueue::toJob);
    }

    /**
     * Takes, for a remote agent, the oldest queued job of its zone on a lease of {@code lease}:
     * the job stays the agent's while {@link #renewLease} is called within each lease, and goes
     * back to the queue when the lease lapses ({@link #requeueOrphaned()}).
     *
     * @param worker the agent's worker name, {@link #agentWorker(String, String)}
     */
    public Optional<ScanJob> claimLeased(String worker, Zone zone, Duration lease) {
        return db.resultQuery("""
                update scan_job set status = 'RUNNING', worker = ?, heartbeat = now(),
                       lease_until = now() + ? * interval '1 millisecond', started = coalesce(started, now())
                where id = (select id from scan_job where status = 'QUEUED' and zone = ?
                            order by created, id for update skip locked limit 1)
                returning""" + " " + COLUMNS, worker, lease.toMillis(), zone.name()).fetchOptional().map(ScanJobQueue::toJob);
    }

    /** The worker name of one lease taken by the agent token named {@code agentName}. */
    public static String agentWorker(String agentName, String lease) {
        return AGENT_PREFIX + agentName + "/" + lease;
    }

    /**
     * Extends the lease of a job still running under {@code worker} and records its progress.
     *
     * @return false when the job is no longer this worker's (its lease lapsed and it was queued
     *         again, or it ended): the agent must stop working on it
     */
    public boolean renewLease(UUID uuid, String worker, Duration lease, long done, long total, long found) {
        return db.execute("update scan_job set done = ?, total = ?, found = ?, heartbeat = now(),"
                + " lease_until = now() + ? * interval '1 millisecond'"
                + " where uuid = ? and status = 'RUNNING' and worker = ?", done, total, found, lease.toMillis(), uuid, worker) == 1;
    }

    /** Closes a job still running under {@code worker} as finished; false when it is no longer that worker's. */
    public boolean finishAs(UUID uuid, String worker, long done, long total, long found, String summaryJson) {
        return db.execute("update scan_job set status = 'FINISHED', done = ?, total = ?, found = ?, summary = ?::jsonb,"
                + " finished = now(), heartbeat = now(), lease_until = null where uuid = ? and status = 'RUNNING' and worker = ?",
                done, total, found, summaryJson, uuid, worker) == 1;
    }

    /** Closes a job still running under {@code worker} as failed; false when it is no longer that worker's. */
    public boolean failAs(UUID uuid, String worker, String error) {
        return db.execute("update scan_job set status = 'FAILED', error = ?, finished = now(), lease_until = null"
                + " where uuid = ? and status = 'RUNNING' and worker = ?", error, uuid, worker) == 1;
    }

    /** Queues again at once a job still running under {@code worker} (an agent stopping); false when it is not that worker's. */
    public boolean release(UUID uuid, String worker) {
        return db.execute("update scan_job set status = 'QUEUED', worker = null, lease_until = null, done = 0, found = 0"
                + " where uuid = ? and status = 'RUNNING' and worker = ?", uuid, worker) == 1;
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
     * has no worker; and the jobs of agents whose lease lapsed (no heartbeat within a lease).
     * The lock is tried for the statement's transaction only, and never for a leased job.
     */
    public int requeueOrphaned() {
        return db.execute("update scan_job set status = 'QUEUED', worker = null, lease_until = null, done = 0, found = 0"
                + " where status = 'RUNNING' and (worker is null or case when lease_until is not null then lease_until < now()"
                + " else pg_try_advisory_xact_lock(" + RunnerLiveness.key("worker") + ") end)");
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
                Optional.ofNullable(r.get("finished", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.get("zone", String.class)).map(Zone::new),
                Optional.ofNullable(r.get("worker", String.class)));
    }
}
