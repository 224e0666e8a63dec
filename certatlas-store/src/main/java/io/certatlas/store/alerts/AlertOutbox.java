package io.certatlas.store.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The messages waiting to go out. A sender leases the due ones ({@code FOR UPDATE SKIP LOCKED},
 * so two servers never take the same message), and then records each as sent, to be tried again
 * at a later time, or dead. A sender that dies mid-send leaves its lease to run out, and the
 * message goes out again: receivers see the same delivery id and can drop the repeat.
 */
public final class AlertOutbox {

    private static final String COLUMNS = "d.id, d.uuid, r.name as rule_name, d.receiver_id, rc.name as receiver_name, d.event,"
            + " d.subject, d.payload::text as payload, d.digest, d.status, d.attempts, d.next_attempt, d.last_error, d.created, d.sent";
    private static final String FROM = " from alert_delivery d left join alert_rule r on r.id = d.rule_id"
            + " join alert_receiver rc on rc.id = d.receiver_id";

    private final DSLContext db;

    public AlertOutbox(DSLContext db) {
        this.db = db;
    }

    /** Leases up to {@code limit} messages due at {@code now} for {@code lease}; each counts one more attempt. */
    public List<AlertDelivery> claim(String owner, Instant now, Duration lease, int limit) {
        List<Long> ids = db.resultQuery("""
                update alert_delivery set lease_owner = ?, lease_until = ?::timestamptz, attempts = attempts + 1
                 where id in (select id from alert_delivery
                               where status = 'PENDING' and next_attempt <= ?::timestamptz and (lease_until is null or lease_until < ?::timestamptz)
                               order by next_attempt, id for update skip locked limit ?)
                returning id""", owner, at(now.plus(lease)), at(now), at(now), limit).fetch().map(r -> r.get("id", Long.class));
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.resultQuery("select " + COLUMNS + FROM + " where d.id = any(?) order by d.id", (Object) ids.toArray(Long[]::new))
                .fetch().map(AlertOutbox::toDelivery);
    }

    public void sent(long id, String owner, Instant now) {
        db.execute("update alert_delivery set status = 'SENT', sent = ?::timestamptz, last_error = '', lease_owner = null, lease_until = null"
                + " where id = ? and lease_owner = ?", at(now), id, owner);
    }

    public void retryAt(long id, String owner, Instant next, String error) {
        db.execute("update alert_delivery set next_attempt = ?::timestamptz, last_error = ?, lease_owner = null, lease_until = null"
                + " where id = ? and lease_owner = ?", at(next), error, id, owner);
    }

    public void dead(long id, String owner, String error) {
        db.execute("update alert_delivery set status = 'DEAD', last_error = ?, lease_owner = null, lease_until = null"
                + " where id = ? and lease_owner = ?", error, id, owner);
    }

    /** Messages that gave up, newest first: what an operator reads and may send again. */
    public List<AlertDelivery> deadLetters(int limit) {
        return db.resultQuery("select " + COLUMNS + FROM + " where d.status = 'DEAD' order by d.id desc limit ?", limit)
                .fetch().map(AlertOutbox::toDelivery);
    }

    /** The latest messages of any status, newest first. */
    public List<AlertDelivery> recent(int limit) {
        return db.resultQuery("select " + COLUMNS + FROM + " order by d.id desc limit ?", limit).fetch().map(AlertOutbox::toDelivery);
    }

    /** Puts a dead message back in the queue, due now, with its attempts counted from zero. */
    public boolean retryDead(UUID uuid, Instant now) {
        return db.execute("update alert_delivery set status = 'PENDING', attempts = 0, next_attempt = ?::timestamptz, lease_owner = null,"
                + " lease_until = null where uuid = ? and status = 'DEAD'", at(now), uuid) > 0;
    }

    /** Counts by status, for the metrics. */
    public List<Record> countsByStatus() {
        return db.resultQuery("select status, count(*) as n from alert_delivery group by status").fetch();
    }

    public Optional<AlertDelivery> find(UUID uuid) {
        return db.resultQuery("select " + COLUMNS + FROM + " where d.uuid = ?", uuid).fetchOptional().map(AlertOutbox::toDelivery);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AlertDelivery toDelivery(Record r) {
        return new AlertDelivery(r.get("id", Long.class), r.get("uuid", UUID.class), Optional.ofNullable(r.get("rule_name", String.class)),
                r.get("receiver_id", Long.class), r.get("receiver_name", String.class), r.get("event", String.class),
                r.get("subject", String.class), r.get("payload", String.class), r.get("digest", Boolean.class),
                r.get("status", String.class), r.get("attempts", Integer.class),
                r.get("next_attempt", OffsetDateTime.class).toInstant(), r.get("last_error", String.class),
                r.get("created", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(r.get("sent", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }
}
