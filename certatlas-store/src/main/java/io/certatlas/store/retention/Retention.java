package io.certatlas.store.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The retention policy and the pruning it asks for. Only history goes: an endpoint's current
 * certificates, active findings, firing alerts, queued or running jobs and the certificates
 * themselves are never pruned. Rows go in batches of {@value #BATCH}, each its own transaction,
 * so pruning a year of history neither holds locks for long nor needs the whole of it in one
 * transaction, and a pruning cut short leaves nothing half done.
 */
public final class Retention {

    static final int BATCH = 5_000;

    /** One kind of history: the rows of {@code table} matching {@code older}, given the cutoff as its one parameter. */
    private record Kind(String name, String table, String older, boolean job) {}

    // Schedule runs before jobs: a run's job is set to null when the job goes, so a run pruned first is one write less.
    private static final List<Kind> KINDS = List.of(
            new Kind("schedule runs", "scan_schedule_run", "started < ?::timestamptz", true),
            new Kind("finished scan jobs", "scan_job",
                    "status IN ('FINISHED', 'FAILED', 'CANCELLED') AND finished < ?::timestamptz", true),
            new Kind("alert messages sent", "alert_delivery", "status = 'SENT' AND sent < ?::timestamptz", true),
            new Kind("dead alert messages", "alert_delivery", "status = 'DEAD' AND created < ?::timestamptz", false),
            new Kind("resolved alerts", "alert_state", "status = 'RESOLVED' AND resolved < ?::timestamptz", false),
            new Kind("fixed findings", "finding", "status = 'FIXED' AND fixed < ?::timestamptz", false),
            new Kind("certificates endpoints no longer serve", "instance_certificate",
                    "NOT current AND last_found < ?::timestamptz", false),
            new Kind("full key-audit runs", "key_audit_run", "finished < ?::timestamptz", false));

    private final DSLContext db;

    public Retention(DSLContext db) {
        this.db = db;
    }

    public RetentionPolicy policy() {
        return db.resultQuery("select job_days, history_days from retention_policy").fetchOptional()
                .map(Retention::policyOf)
                .orElseThrow(() -> new IllegalStateException("the retention policy row is missing (migration V15 not applied?)"));
    }

    public RetentionPolicy set(RetentionPolicy policy) {
        db.execute("update retention_policy set job_days = ?, history_days = ?, updated = now()", policy.jobDays(), policy.historyDays());
        return policy();
    }

    /** When the store was last pruned by the daily pruning of a server; empty if never. */
    public Optional<Instant> lastPruned() {
        return db.resultQuery("select last_pruned from retention_policy").fetchOptional()
                .flatMap(r -> Optional.ofNullable(r.get("last_pruned", OffsetDateTime.class))).map(OffsetDateTime::toInstant);
    }

    /**
     * Prunes what the policy lets go as of {@code now}; on a dry run only counts it. The history
     * the policy keeps for ever (0 days) is not looked at.
     */
    public PruneReport prune(Instant now, boolean dryRun) {
        Instant started = Instant.now();
        RetentionPolicy policy = policy();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Kind kind : KINDS) {
            int days = kind.job() ? policy.jobDays() : policy.historyDays();
            if (days == 0) {
                continue;
            }
            OffsetDateTime cutoff = now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
            long found = db.fetchOne("select count(*) from " + kind.table() + " where " + kind.older(), cutoff).get(0, Long.class);
            if (dryRun || found == 0) {
                rows.merge(kind.name(), found, Long::sum);
                continue;
            }
            long deleted = 0;
            // Bounded by what was counted: rows that grow old meanwhile wait for the next pruning.
            for (long batches = found / BATCH + 2; batches > 0; batches--) {
                int n = db.execute("delete from " + kind.table() + " where ctid = any (array(select ctid from " + kind.table()
                        + " where " + kind.older() + " limit " + BATCH + "))", cutoff);
                deleted += n;
                if (n < BATCH) {
                    break;
                }
            }
            rows.merge(kind.name(), deleted, Long::sum);
        }
        return new PruneReport(policy, dryRun, rows, Duration.between(started, Instant.now()));
    }

    /**
     * The daily pruning, for servers that share a database: the server that claims the day
     * (moves {@code last_pruned} forward in one statement) prunes; the others get empty.
     */
    public Optional<PruneReport> pruneIfDue(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        int claimed = db.execute("update retention_policy set last_pruned = ?::timestamptz"
                + " where last_pruned is null or last_pruned <= ?::timestamptz - interval '1 day'", at, at);
        return claimed == 0 ? Optional.empty() : Optional.of(prune(now, false));
    }

    private static RetentionPolicy policyOf(Record r) {
        return new RetentionPolicy(r.get("job_days", Integer.class), r.get("history_days", Integer.class));
    }
}
