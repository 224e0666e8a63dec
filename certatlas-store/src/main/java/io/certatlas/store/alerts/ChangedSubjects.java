package io.certatlas.store.alerts;

import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * What one pass of a rule re-reads when it reads changes only: two temporary tables of the
 * certificates and endpoints whose facts may have moved since the rule last read.
 *
 * <p>Every write that can change whether a condition holds stamps a row: recording an observation
 * stamps its endpoint ({@code host_instance.updated}) and every certificate of its chain
 * ({@code certificate.updated}, imports too), the renewal ledger stamps the successors it learns
 * ({@code certificate_renewal.changed}), and the clock is covered by the rule's timers. Edits that
 * stamp nothing (tags, approved CAs, deletions) ask for a whole pass instead (V19). A leaf re-read
 * brings the endpoints serving it, since a filter over a certificate may look at every endpoint
 * that serves it; an endpoint re-read brings every certificate it served.
 */
final class ChangedSubjects {

    static final String CERTIFICATES = "alert_changed_certificate";
    static final String INSTANCES = "alert_changed_instance";

    private ChangedSubjects() {
    }

    /**
     * Fills both tables, in the caller's transaction, with what was written from {@code since}
     * (database time) and the rule's timers due by {@code now}; returns how many certificates and
     * endpoints it holds.
     */
    static Count collect(DSLContext t, long ruleId, OffsetDateTime since, OffsetDateTime now) {
        t.execute("create temporary table " + CERTIFICATES + " (id bigint primary key) on commit drop");
        t.execute("create temporary table " + INSTANCES + " (id bigint primary key) on commit drop");
        int certificates = t.execute("insert into " + CERTIFICATES + " (id)"
                + " select id from certificate where updated >= ?::timestamptz"
                + " union select ic.certificate_id from host_instance hi join instance_certificate ic on ic.instance_id = hi.id"
                + "        where hi.updated >= ?::timestamptz"
                + " union select certificate_id from certificate_renewal where changed >= ?::timestamptz"
                + " union select certificate_id from alert_timer where rule_id = ? and due <= ?::timestamptz",
                since, since, since, ruleId, now);
        // The planner must know how few (or many) these are: a misjudged join over them is what
        // made a whole pass take half an hour once.
        t.execute("analyze " + CERTIFICATES);
        // Leaves only: an intermediate or root re-read (every scan re-reads its chain) may be served
        // on half the inventory, and no condition looks at it through its endpoints; a CA
        // certificate served in a leaf's place is re-read through its endpoints when they are
        // scanned, and by the daily whole pass.
        int instances = t.execute("insert into " + INSTANCES + " (id)"
                + " select id from host_instance where updated >= ?::timestamptz"
                + " union select ic.instance_id from " + CERTIFICATES + " cc join certificate c on c.id = cc.id and c.type = 'Leaf'"
                + "          join instance_certificate ic on ic.certificate_id = cc.id and ic.current and ic.chain_position = 0", since);
        t.execute("analyze " + INSTANCES);
        return new Count(certificates, instances);
    }

    /** How many certificates and endpoints a pass re-read. */
    record Count(int certificates, int instances) {
        static final Count NONE = new Count(0, 0);
    }

    /**
     * The database time from which the next pass must read: this transaction's start, or the
     * start of the oldest transaction still open on this database, if earlier, since what it
     * writes carries its start time and is not visible yet.
     */
    static OffsetDateTime readUntil(DSLContext t) {
        return t.resultQuery("select least(now(), (select min(xact_start) from pg_stat_activity"
                + " where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null)) as until")
                .fetchOne().get("until", OffsetDateTime.class);
    }
}
