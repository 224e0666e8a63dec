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

    public boolean delete(long id) {
        return db.execute("delete from alert_receiver where id = ?", id) > 0;
    }

    private static AlertReceiver toReceiver(Record r) {
        return new AlertReceiver(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("name", String.class),
                AlertReceiver.Kind.valueOf(r.get("kind", String.class)), r.get("settings", String.class),
                Optional.ofNullable(r.get("secret", byte[].class)), r.get("created_by", String.class),
                r.get("created", OffsetDateTime.class).toInstant());
    }
}
