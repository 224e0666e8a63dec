package io.certatlas.store.alerts;

import static org.jooq.impl.DSL.val;

import io.certatlas.store.query.CertificateFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Alert rules, and their evaluation: {@link #evaluate} compares what the rule's condition holds
 * for now with the alerts it has firing, and in the same transaction moves each (subject, rule,
 * threshold) that started to FIRING, each that ended to RESOLVED, and queues one outbox message
 * per change and receiver. A subject that still holds changes nothing, so nothing re-alerts.
 */
public final class AlertRules {

    private static final String COLUMNS = "r.id, r.uuid, r.name, r.filter, r.condition, r.threshold, r.enabled,"
            + " r.quiet_start, r.quiet_end, r.zone, r.digest_at, r.created_by, r.created, r.evaluated,"
            + " array(select rc.uuid from alert_rule_receiver rr join alert_receiver rc on rc.id = rr.receiver_id"
            + "       where rr.rule_id = r.id order by rc.name) as receivers";

    /** How often a rule is evaluated in whole even when no edit asked for it. */
    public static final Duration SWEEP_EVERY = Duration.ofDays(1);
    /** Timers reach this far past the next whole pass, so that none falls between two sweeps. */
    private static final Duration HORIZON_BEYOND_SWEEP = Duration.ofHours(1);

    private final DSLContext db;

    public AlertRules(DSLContext db) {
        this.db = db;
    }

    /** A new rule; its fields are checked by the caller, receivers given by id. */
    public AlertRule create(AlertRule rule, List<Long> receiverIds) {
        UUID uuid = UUID.randomUUID();
        try {
            db.transaction(tx -> {
                DSLContext t = DSL.using(tx);
                long id = t.resultQuery("insert into alert_rule (uuid, name, filter, condition, threshold, enabled, quiet_start,"
                                + " quiet_end, zone, digest_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
                        uuid, rule.name(), rule.filter(), rule.condition().name(), rule.threshold(), rule.enabled(),
                        rule.quietStart().orElse(null), rule.quietEnd().orElse(null), rule.zone(), rule.digestAt().orElse(null),
                        rule.createdBy()).fetchOne().get("id", Long.class);
                for (long receiver : receiverIds) {
                    t.execute("insert into alert_rule_receiver (rule_id, receiver_id) values (?, ?) on conflict do nothing", id, receiver);
                }
            });
        } catch (IntegrityConstraintViolationException e) {
            throw new NameInUseException("rule", rule.name());
        }
        return find(uuid.toString()).orElseThrow();
    }

    /** Replaces a rule's settings; alerts kept under another threshold are dropped without a message. */
    public AlertRule update(AlertRule rule, List<Long> receiverIds) {
        try {
            db.transaction(tx -> {
                DSLContext t = DSL.using(tx);
                t.execute("update alert_rule set name = ?, filter = ?, condition = ?, threshold = ?, enabled = ?, quiet_start = ?,"
                                + " quiet_end = ?, zone = ?, digest_at = ?, updated = now(), swept = null where id = ?",
                        rule.name(), rule.filter(), rule.condition().name(), rule.threshold(), rule.enabled(),
                        rule.quietStart().orElse(null), rule.quietEnd().orElse(null), rule.zone(), rule.digestAt().orElse(null), rule.id());
                t.execute("delete from alert_state where rule_id = ? and threshold <> ?", rule.id(), rule.threshold());
                t.execute("delete from alert_rule_receiver where rule_id = ?", rule.id());
                for (long receiver : receiverIds) {
                    t.execute("insert into alert_rule_receiver (rule_id, receiver_id) values (?, ?)", rule.id(), receiver);
                }
            });
        } catch (IntegrityConstraintViolationException e) {
            throw new NameInUseException("rule", rule.name());
        }
        return find(rule.uuid().toString()).orElseThrow();
    }

    public boolean delete(long id) {
        return db.execute("delete from alert_rule where id = ?", id) > 0;
    }

    public List<AlertRule> list() {
        return db.resultQuery("select " + COLUMNS + " from alert_rule r order by lower(r.name)").fetch().map(AlertRules::toRule);
    }

    public List<AlertRule> enabled() {
        return db.resultQuery("select " + COLUMNS + " from alert_rule r where r.enabled order by r.id").fetch().map(AlertRules::toRule);
    }

    public Optional<AlertRule> find(String nameOrUuid) {
        Optional<UUID> uuid = Uuids.parse(nameOrUuid);
        return uuid.isPresent()
                ? db.resultQuery("select " + COLUMNS + " from alert_rule r where r.uuid = ?", uuid.get()).fetchOptional().map(AlertRules::toRule)
                : db.resultQuery("select " + COLUMNS + " from alert_rule r where lower(r.name) = lower(?)", nameOrUuid)
                        .fetchOptional().map(AlertRules::toRule);
    }

    /** The alerts of a rule, firing first, then the latest resolved. */
    public List<Record> alerts(long ruleId, int limit) {
        return db.resultQuery("select subject, threshold, status, details::text as details, started, resolved from alert_state"
                + " where rule_id = ? order by status, started desc limit ?", ruleId, limit).fetch();
    }

    /**
     * Evaluates the rule at {@code now}; new messages are due at {@code sendAt} (later than now in
     * quiet hours or for a digest). Skipped when another server is evaluating this rule.
     *
     * <p>A pass is whole (every subject read) the first time, after the rule or an edit that no
     * row records changed (see V19), once a {@link #SWEEP_EVERY day}, and always when the rule's
     * filter names a date relative to now. Otherwise it re-reads only the subjects whose facts
     * moved since the rule's last pass ({@link ChangedSubjects}), and resolves only among their
     * alerts: what did not move still holds or still does not.
     */
    public AlertEvaluation evaluate(AlertRule rule, Instant now, Instant sendAt, boolean digest) {
        var filter = CertificateFilter.compile(rule.filter(), now).condition();
        var nowValue = val(at(now), SQLDataType.TIMESTAMPWITHTIMEZONE);
        String match = ConditionMatch.sql(rule.condition(), rule.threshold());
        return db.transactionResult(tx -> {
            DSLContext t = DSL.using(tx);
            Optional<Record> held = t.resultQuery("select r.swept, r.read_until, r.horizon, r.sweep_seen,"
                    + " (select asked from alert_sweep_request where id = 1) as asked"
                    + " from alert_rule r where r.id = ? for update of r skip locked", rule.id()).fetchOptional();
            if (held.isEmpty()) {
                return AlertEvaluation.skipped();
            }
            Record state = held.get();
            OffsetDateTime readUntil = ChangedSubjects.readUntil(t);
            OffsetDateTime swept = state.get("swept", OffsetDateTime.class);
            OffsetDateTime lastRead = state.get("read_until", OffsetDateTime.class);
            OffsetDateTime asked = state.get("asked", OffsetDateTime.class);
            boolean whole = swept == null || lastRead == null || state.get("horizon", OffsetDateTime.class) == null
                    || !asked.equals(state.get("sweep_seen", OffsetDateTime.class))
                    || !now.isBefore(swept.toInstant().plus(SWEEP_EVERY))
                    || dependsOnTheClock(rule.filter(), now);
            OffsetDateTime horizon = whole ? at(now.plus(SWEEP_EVERY).plus(HORIZON_BEYOND_SWEEP)) : state.get("horizon", OffsetDateTime.class);
            ChangedSubjects.Count changed = ChangedSubjects.Count.NONE;
            String matching = match;
            String alerts = "";
            if (!whole) {
                changed = ChangedSubjects.collect(t, rule.id(), lastRead, at(now));
                matching = ConditionMatch.changedMatch(rule.condition(), match);
                alerts = " from (" + ConditionMatch.firingAmongChanged(rule.condition()) + ") c";
            }
            String resolvedEvent = rule.condition().resolves() ? "'RESOLVED'" : "null";
            // Nothing re-read that the rule's subjects are keyed by: nothing can have started or
            // ended. (An empty table is also the one whose size the planner guesses, ten pages of
            // rows it has never seen, and a guess of thousands once chose a walk of every RSA leaf.)
            Record counts = !whole && ConditionMatch.keyedRead(rule.condition(), changed.certificates(), changed.instances()) == 0
                    ? t.newRecord(DSL.field("matching", Integer.class), DSL.field("fired", Integer.class),
                            DSL.field("resolved", Integer.class), DSL.field("queued", Integer.class)).values(0, 0, 0, 0)
                    : t.resultQuery("""
                    with m as materialized (%s),
                    fired as (
                        insert into alert_state as s (rule_id, subject, threshold, certificate_id, instance_id, status, details, started)
                        select {3}, m.subject, {4}, m.certificate_id, m.instance_id, 'FIRING', m.details, {1} from m
                        on conflict (rule_id, subject, threshold) do update
                           set status = 'FIRING', details = excluded.details, started = excluded.started, resolved = null,
                               certificate_id = excluded.certificate_id, instance_id = excluded.instance_id
                         where s.status = 'RESOLVED'
                        returning s.subject, s.details),
                    resolved as (
                        update alert_state s set status = 'RESOLVED', resolved = {1}%s
                         where s.rule_id = {3} and s.threshold = {4} and s.status = 'FIRING'%s
                           and not exists (select 1 from m where m.subject = s.subject)
                        returning s.subject, s.details),
                    events as (
                        select 'FIRING' as event, subject, details from fired
                        union all select %s, subject, details from resolved),
                    queued as (
                        insert into alert_delivery (uuid, rule_id, receiver_id, event, subject, payload, digest, status, next_attempt)
                        select gen_random_uuid(), {3}, rr.receiver_id, e.event, e.subject,
                               jsonb_build_object('rule', {5}, 'condition', {6}, 'threshold', {4}, 'event', e.event,
                                                  'subject', e.subject, 'at', (extract(epoch from {1}) * 1000)::bigint,
                                                  'details', e.details),
                               {7}, 'PENDING', {8}
                          from events e join alert_rule_receiver rr on rr.rule_id = {3}
                         where e.event is not null
                        returning 1)
                    select (select count(*) from m) as matching, (select count(*) from fired) as fired,
                           (select count(*) from resolved) as resolved, (select count(*) from queued) as queued
                    """.formatted(matching, alerts, whole ? "" : " and s.subject = c.subject", resolvedEvent),
                    filter, nowValue, val(at(rule.created()), SQLDataType.TIMESTAMPWITHTIMEZONE), val(rule.id()),
                    val(rule.threshold()), val(rule.name()), val(rule.condition().name()), val(digest),
                    val(at(sendAt), SQLDataType.TIMESTAMPWITHTIMEZONE)).fetchOne();
            setTimers(t, rule, whole, filter, nowValue, val(horizon, SQLDataType.TIMESTAMPWITHTIMEZONE));
            if (whole) {
                t.execute("update alert_rule set evaluated = ?::timestamptz, swept = ?::timestamptz, read_until = ?::timestamptz,"
                        + " horizon = ?::timestamptz, sweep_seen = ?::timestamptz where id = ?",
                        at(now), at(now), readUntil, horizon, asked, rule.id());
            } else {
                t.execute("update alert_rule set evaluated = ?::timestamptz, read_until = ?::timestamptz where id = ?",
                        at(now), readUntil, rule.id());
            }
            return new AlertEvaluation(true, whole, changed.certificates(), changed.instances(),
                    counts.get("matching", Integer.class), counts.get("fired", Integer.class),
                    counts.get("resolved", Integer.class), counts.get("queued", Integer.class));
        });
    }

    /**
     * Sets the timers of the certificates the pass read (all of them in a whole pass) whose
     * condition the clock will make hold before the horizon; the next passes re-read each when due.
     */
    private static void setTimers(DSLContext t, AlertRule rule, boolean whole, org.jooq.Condition filter,
                                  org.jooq.Field<OffsetDateTime> now, org.jooq.Field<OffsetDateTime> horizon) {
        Optional<String> due = ConditionMatch.dueBetween(rule.condition(), rule.threshold(), "{1}", "{2}");
        String read = whole ? "" : " and certificate_id in (select id from " + ChangedSubjects.CERTIFICATES + ")";
        t.execute("delete from alert_timer where rule_id = ?" + read, rule.id());
        if (due.isEmpty()) {
            return;
        }
        t.execute("insert into alert_timer (rule_id, certificate_id, due) select {3}, c.id, "
                        + ConditionMatch.due(rule.condition(), rule.threshold()) + " from certificate c where " + due.get()
                        + " and {0}" + (whole ? "" : " and c.id in (select id from " + ChangedSubjects.CERTIFICATES + ")"),
                filter, now, horizon, val(rule.id()));
    }

    /**
     * Whether the filter reads the clock (a relative date, an expiry group): then which
     * certificates it matches moves with time, and every pass of the rule is whole.
     */
    static boolean dependsOnTheClock(String filter, Instant now) {
        var render = DSL.using(org.jooq.SQLDialect.POSTGRES);
        return !render.renderInlined(CertificateFilter.compile(filter, now).condition())
                .equals(render.renderInlined(CertificateFilter.compile(filter, now.plus(Duration.ofDays(1).plusMinutes(7))).condition()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static AlertRule toRule(Record r) {
        return new AlertRule(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("name", String.class),
                r.get("filter", String.class), AlertCondition.valueOf(r.get("condition", String.class)),
                r.get("threshold", String.class), r.get("enabled", Boolean.class),
                Optional.ofNullable(r.get("quiet_start", LocalTime.class)), Optional.ofNullable(r.get("quiet_end", LocalTime.class)),
                r.get("zone", String.class), Optional.ofNullable(r.get("digest_at", LocalTime.class)),
                List.of(r.get("receivers", UUID[].class)), r.get("created_by", String.class),
                r.get("created", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(r.get("evaluated", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }
}
