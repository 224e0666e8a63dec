package io.certatlas.store.renewal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Keeps {@code certificate_renewal} up to date from the leaf links recorded since the last look:
 * each newly served leaf is the successor of every older leaf whose names it all carries, and
 * renews those its own endpoint served before. Incremental: only links first found after the
 * watermark (less a margin for scans whose transactions were still open) are read, and every
 * write is idempotent, so reading a link twice changes nothing. One server refreshes at a time
 * (the watermark row is taken with {@code FOR UPDATE SKIP LOCKED}; another server skips).
 *
 * <p>The margin means the links of the last ten minutes before the watermark are read by every
 * refresh until newer ones arrive. After a scan of a million endpoints, or on an inventory
 * generated at one instant, that was the whole inventory again at every pass: minutes of
 * PostgreSQL work every five minutes. So a refresh first counts the links in its window (an
 * index-only count), and reads nothing when the window holds what the last refresh left in it
 * (kept on the watermark row, for every server and across restarts): a scan that commits late
 * into the window changes the count and is read.
 */
public final class RenewalLedger {

    /** Scans record each endpoint in a transaction stamped at its start: look that far back again. */
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private static final String NAMES = "certificate_names(%1$s.san_values, %1$s.subject_name)";

    private final DSLContext db;

    public RenewalLedger(DSLContext db) {
        this.db = db;
    }

    /**
     * What a refresh did: new successors recorded, certificates found renewed, and how many leaf
     * links it read (0 when nothing was recorded since the last refresh, by any server).
     */
    public record Refresh(boolean ran, int successors, int renewed, long linksRead) {}

    /** The links of a refresh's window: how many, and the newest of them. */
    private record Window(long links, OffsetDateTime newest) {}

    public Refresh refresh() {
        return db.transactionResult(tx -> {
            DSLContext t = DSL.using(tx);
            Optional<Record> mark = t.resultQuery("select seen_until, window_links, window_newest from renewal_watermark"
                    + " where id = 1 for update skip locked").fetchOptional();
            if (mark.isEmpty()) {
                return new Refresh(false, 0, 0, 0);
            }
            OffsetDateTime seenUntil = mark.get().get("seen_until", OffsetDateTime.class);
            OffsetDateTime since = seenUntil.minus(MARGIN);
            Optional<Window> window = window(t, since);
            if (window.isEmpty()) {
                return new Refresh(true, 0, 0, 0);
            }
            Optional<OffsetDateTime> leftNewest = Optional.ofNullable(mark.get().get("window_newest", OffsetDateTime.class));
            if (window.get().links() == mark.get().get("window_links", Long.class)
                    && leftNewest.map(n -> n.isEqual(window.get().newest())).orElse(false)) {
                return new Refresh(true, 0, 0, 0);
            }
            OffsetDateTime newest = window.get().newest();
            OffsetDateTime nextSeenUntil = newest.isAfter(seenUntil) ? newest : seenUntil;
            // What the next refresh will find in its window if nothing is recorded meanwhile. Counted
            // before the links are read (each statement sees what is committed when it starts): a
            // link committed in between is then read but not counted, and read again next time,
            // never counted but not read.
            Optional<Window> left = window(t, nextSeenUntil.minus(MARGIN));
            t.execute("create temporary table fresh_leaf on commit drop as"
                    + " select ic.instance_id, ic.first_found, s.id, s.valid_from, " + NAMES.formatted("s") + " as names"
                    + " from instance_certificate ic join certificate s on s.id = ic.certificate_id"
                    + " where ic.chain_position = 0 and ic.first_found > ?::timestamptz and s.type = 'Leaf'", since);
            t.execute("analyze fresh_leaf");
            int successors = t.execute("""
                    insert into certificate_renewal as r (certificate_id, successor_id, successor_seen)
                    select distinct on (p.id) p.id, f.id, f.first_found
                      from (select distinct on (id) id, valid_from, names, first_found
                              from fresh_leaf order by id, first_found) f
                      join certificate p on %1$s && f.names and %1$s <@ f.names
                     where p.valid_from < f.valid_from and p.id <> f.id and p.type = 'Leaf'
                     order by p.id, f.valid_from desc, f.first_found
                    on conflict (certificate_id) do update
                       set successor_id = excluded.successor_id,
                           successor_seen = least(r.successor_seen, excluded.successor_seen), changed = now()
                     where r.successor_id <> excluded.successor_id or r.successor_seen > excluded.successor_seen
                    """.formatted(NAMES.formatted("p")));
            int renewed = t.execute("""
                    update certificate_renewal r set renewed = n.first_found, renewed_instance_id = n.instance_id, changed = now()
                      from (select distinct on (p.id) p.id, f.first_found, f.instance_id
                              from fresh_leaf f
                              join instance_certificate old on old.instance_id = f.instance_id and old.chain_position = 0
                                                           and old.certificate_id <> f.id
                              join certificate p on p.id = old.certificate_id
                             where p.valid_from < f.valid_from and %1$s <@ f.names
                             order by p.id, f.first_found) n
                     where r.certificate_id = n.id and r.renewed is null
                    """.formatted(NAMES.formatted("p")));
            t.execute("update renewal_watermark set seen_until = ?::timestamptz, window_links = ?, window_newest = ?::timestamptz"
                    + " where id = 1", nextSeenUntil, left.map(Window::links).orElse(-1L), left.map(Window::newest).orElse(null));
            return new Refresh(true, successors, renewed, window.get().links());
        });
    }

    /** The leaf links first found after {@code since}: how many, and the newest; empty when none. */
    private static Optional<Window> window(DSLContext t, OffsetDateTime since) {
        Record r = t.resultQuery("select count(*) as n, max(first_found) as m from instance_certificate"
                + " where chain_position = 0 and first_found > ?::timestamptz", since).fetchOne();
        OffsetDateTime newest = r.get("m", OffsetDateTime.class);
        return newest == null ? Optional.empty() : Optional.of(new Window(r.get("n", Long.class), newest));
    }

    /** The succession around one certificate, by certhash; empty when no such certificate. */
    public Optional<Succession> succession(String certhash, java.time.Instant now) {
        var row = db.resultQuery("select c.id, c.certhash, " + RenewalSql.renewed("c") + " as renewed, " + RenewalSql.stale("c")
                + " as stale, " + RenewalSql.overdue("c", RenewalSql.DEFAULT_FRACTION, "?::timestamptz") + " as overdue, "
                + RenewalSql.renewalPoint("c", RenewalSql.DEFAULT_FRACTION) + " as renewal_point,"
                + " (select s.certhash from certificate_renewal r join certificate s on s.id = r.successor_id where r.certificate_id = c.id) as successor"
                + " from certificate c where c.certhash = lower(?)", now.atOffset(java.time.ZoneOffset.UTC), certhash).fetchOptional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Record c = row.get();
        java.util.Map<Long, java.util.List<Succession.Served>> served = new java.util.LinkedHashMap<>();
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        for (Record r : db.resultQuery("""
                select hi.id as instance_id, coalesce(nullif(hi.fqdn, ''), host(a.primary_ip), a.name) || ':' || hi.port as endpoint,
                       s.certhash, s.subject_name, s.valid_to, ic.first_found, ic.last_found, ic.current
                  from instance_certificate mine
                  join host_instance hi on hi.id = mine.instance_id join asset a on a.id = hi.asset_id
                  join instance_certificate ic on ic.instance_id = hi.id and ic.chain_position = 0
                  join certificate s on s.id = ic.certificate_id
                 where mine.certificate_id = ? and mine.chain_position = 0
                 order by hi.id, ic.first_found, s.valid_from""", c.get("id", Long.class)).fetch()) {
            long instance = r.get("instance_id", Long.class);
            names.put(instance, r.get("endpoint", String.class));
            served.computeIfAbsent(instance, k -> new java.util.ArrayList<>()).add(new Succession.Served(
                    r.get("certhash", String.class), r.get("subject_name", String.class),
                    r.get("valid_to", OffsetDateTime.class).toInstant(), r.get("first_found", OffsetDateTime.class).toInstant(),
                    r.get("last_found", OffsetDateTime.class).toInstant(), r.get("current", Boolean.class)));
        }
        java.util.List<Succession.Endpoint> endpoints = new java.util.ArrayList<>();
        served.forEach((instance, list) -> endpoints.add(new Succession.Endpoint(instance, names.get(instance), list)));
        return Optional.of(new Succession(c.get("certhash", String.class), c.get("renewed", Boolean.class),
                c.get("stale", Boolean.class), c.get("overdue", Boolean.class),
                c.get("renewal_point", OffsetDateTime.class).toInstant(), Optional.ofNullable(c.get("successor", String.class)),
                endpoints));
    }

    /** Forgets what was seen so that the next refresh reads every link again (after a bulk load). */
    public void rewind() {
        db.execute("update renewal_watermark set seen_until = '1970-01-01T00:00:00Z', window_links = -1, window_newest = null"
                + " where id = 1");
    }
}
