package io.certatlas.store.alerts;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** The receivers alerts go to. */
public final class AlertReceivers {

    private static final String COLUMNS = "id, uuid, name, kind, settings::text as settings, secret, created_by, created";

    private final DSLContext db;

    public AlertReceivers(DSLContext db) {
        this.db = db;
    }

    public AlertReceiver create(String name, AlertReceiver.Kind kind, String settingsJson, Optional<byte[]> sealedSecret,
                                String createdBy) {
        UUID uuid = UUID.randomUUID();
        try {
            db.execute("insert into alert_receiver (uuid, name, kind, settings, secret, created_by) values (?, ?, ?, ?::jsonb, ?, ?)",
                    uuid, name, kind.name(), settingsJson, sealedSecret.orElse(null), createdBy);
        } catch (IntegrityConstraintViolationException e) {
            throw new NameInUseException("receiver", name);
        }
        return find(uuid.toString()).orElseThrow();
    }

    public List<AlertReceiver> list() {
        return db.resultQuery("select " + COLUMNS + " from alert_receiver order by lower(name)").fetch().map(AlertReceivers::toReceiver);
    }

    public Optional<AlertReceiver> find(String nameOrUuid) {
        Optional<UUID> uuid = Uuids.parse(nameOrUuid);
        return uuid.isPresent()
                ? db.resultQuery("select " + COLUMNS + " from alert_receiver where uuid = ?", uuid.get()).fetchOptional().map(AlertReceivers::toReceiver)
                : db.resultQuery("select " + COLUMNS + " from alert_receiver where lower(name) = lower(?)", nameOrUuid)
                        .fetchOptional().map(AlertReceivers::toReceiver);
    }

    public Optional<AlertReceiver> byId(long id) {
        return db.resultQuery("select " + COLUMNS + " from alert_receiver where id = ?", id).fetchOptional().map(AlertReceivers::toReceiver);
    }

    /**
     * Deletes a receiver that no rule sends to. The check is part of the delete, so a rule
     * naming it that commits first keeps it; otherwise the rule would be left enabled with no
     * receivers and its alerts would go nowhere.
     *
     * @return false if the receiver is gone or a rule still names it ({@link #rulesUsing} says which)
     */
    public boolean delete(long id) {
        return db.execute("delete from alert_receiver where id = ?"
                + " and not exists (select 1 from alert_rule_receiver where receiver_id = ?)", id, id) > 0;
    }

    /** The names of the rules that send to a receiver, by name, at most {@code limit} of them. */
    public List<String> rulesUsing(long id, int limit) {
        return db.resultQuery("select r.name from alert_rule r join alert_rule_receiver rr on rr.rule_id = r.id"
                + " where rr.receiver_id = ? order by lower(r.name) limit ?", id, limit).fetch(0, String.class);
    }

    /** How many rules send to a receiver. */
    public int ruleCount(long id) {
        return db.resultQuery("select count(*) from alert_rule_receiver where receiver_id = ?", id).fetchOne(0, Integer.class);
    }

    private static AlertReceiver toReceiver(Record r) {
        return new AlertReceiver(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("name", String.class),
                AlertReceiver.Kind.valueOf(r.get("kind", String.class)), r.get("settings", String.class),
                Optional.ofNullable(r.get("secret", byte[].class)), r.get("created_by", String.class),
                r.get("created", OffsetDateTime.class).toInstant());
    }
}
