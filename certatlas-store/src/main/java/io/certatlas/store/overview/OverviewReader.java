package io.certatlas.store.overview;

import io.certatlas.store.access.Scope;
import io.certatlas.store.overview.InventoryOverview.Counts;
import io.certatlas.store.overview.InventoryOverview.ExpiryWeek;
import io.certatlas.store.overview.InventoryOverview.KeyShare;
import io.certatlas.store.overview.InventoryOverview.Share;
import io.certatlas.store.overview.InventoryOverview.StaleEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Reads the overview in a handful of set-based statements, each with the caller's scope inside
 * it: one pass over the visible certificates for all their counts, one over the visible host
 * instances for the grades, and small grouped reads for the rest. Nothing is counted in Java.
 */
public final class OverviewReader {

    /** Weeks on the expiry timeline: the next twelve months. */
    public static final int WEEKS = 52;
    /** Issuers listed, most certificates first. */
    public static final int TOP_ISSUERS = 10;
    /** Stale endpoints listed (all are counted). */
    public static final int STALE_LISTED = 50;

    /** Weak keys: RSA and DSA under 2048 bits, EC under 256 (the same rule as the overview's link). */
    static final String WEAK_KEY = "((c.public_key_algorithm in ('RSA', 'DSA') and c.key_size < 2048)"
            + " or (c.public_key_algorithm = 'EC' and c.key_size < 256))";

    private final DSLContext db;

    public OverviewReader(DSLContext db) {
        this.db = db;
    }

    /**
     * PostgreSQL's current snapshot ({@code xmin:xmax:in-progress}): it moves whenever any
     * transaction that wrote something commits, so an overview read while it held one value is
     * still the truth while it holds it.
     */
    public String inventoryVersion() {
        return db.resultQuery("select pg_current_snapshot()::text").fetchOne(0, String.class);
    }

    public InventoryOverview read(Scope scope, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        Field<OffsetDateTime> nowValue = DSL.val(at, SQLDataType.TIMESTAMPWITHTIMEZONE);
        Record c = db.resultQuery("""
                select count(*) as certificates,
                       count(*) filter (where c.valid_to < {0}) as expired,
                       count(*) filter (where c.valid_to >= {0} and c.valid_to < {0} + interval '7 days') as expiring7,
                       count(*) filter (where c.valid_to >= {0} and c.valid_to < {0} + interval '30 days') as expiring30,
                       count(*) filter (where c.valid_to >= {0} and c.valid_to < {0} + interval '90 days') as expiring90,
                       count(*) filter (where c.self_signed) as self_signed,
                       count(*) filter (where """ + WEAK_KEY + """
                ) as weak_keys,
                       count(*) filter (where lower(c.signature_algorithm) like 'sha1%') as sha1
                  from certificate c
                 where {1}
                """, nowValue, scope.certificateVisible("c")).fetchOne();
        long assets = db.resultQuery("select count(*) from asset a where {0}", scope.assetVisible("a"))
                .fetchOne(0, Long.class);
        List<Share> grades = db.resultQuery("""
                select hi.grade, count(*) from host_instance hi join asset a on a.id = hi.asset_id
                 where {0} group by hi.grade order by hi.grade
                """, scope.assetVisible("a")).fetch(r -> new Share(r.get(0, String.class), r.get(1, Long.class)));
        long endpoints = grades.stream().mapToLong(Share::count).sum();
        Counts counts = new Counts(c.get("certificates", Long.class), assets, c.get("expired", Long.class),
                c.get("expiring7", Long.class), c.get("expiring30", Long.class), c.get("expiring90", Long.class),
                c.get("self_signed", Long.class), c.get("weak_keys", Long.class), c.get("sha1", Long.class), endpoints,
                graded(grades, "F"), graded(grades, "T"));
        Stale stale = stale(scope);
        return new InventoryOverview(now, counts, expiryWeeks(scope, now, nowValue),
                grades.stream().filter(g -> !g.name().isEmpty()).toList(), issuers(scope), keys(scope),
                stale.count(), stale.listed());
    }

    private static long graded(List<Share> grades, String grade) {
        return grades.stream().filter(g -> g.name().equals(grade)).mapToLong(Share::count).sum();
    }

    private List<ExpiryWeek> expiryWeeks(Scope scope, Instant now, Field<OffsetDateTime> nowValue) {
        Map<Integer, Long> byWeek = new HashMap<>();
        db.resultQuery("""
                select floor(extract(epoch from c.valid_to - {0}) / 604800)::int as week, count(*)
                  from certificate c
                 where c.valid_to >= {0} and c.valid_to < {0} + interval '%d days' and {1}
                 group by 1
                """.formatted(7 * WEEKS), nowValue, scope.certificateVisible("c"))
                .forEach(r -> byWeek.put(r.get(0, Integer.class), r.get(1, Long.class)));
        List<ExpiryWeek> weeks = new ArrayList<>(WEEKS);
        for (int week = 0; week < WEEKS; week++) {
            Instant start = now.plus(Duration.ofDays(7L * week));
            weeks.add(new ExpiryWeek(start, start.plus(Duration.ofDays(7)), byWeek.getOrDefault(week, 0L)));
        }
        return weeks;
    }

    private List<Share> issuers(Scope scope) {
        return db.resultQuery("""
                select c.issuer_name, count(*) from certificate c where {0}
                 group by c.issuer_name order by count(*) desc, c.issuer_name limit %d
                """.formatted(TOP_ISSUERS), scope.certificateVisible("c"))
                .fetch(r -> new Share(r.get(0, String.class), r.get(1, Long.class)));
    }

    private List<KeyShare> keys(Scope scope) {
        return db.resultQuery("""
                select c.public_key_algorithm, c.key_size, count(*) from certificate c where {0}
                 group by 1, 2 order by 1, 2
                """, scope.certificateVisible("c"))
                .fetch(r -> new KeyShare(r.get(0, String.class), r.get(1, Integer.class), r.get(2, Long.class)));
    }

    /**
     * The leaf served now on a visible endpoint, and the newest visible leaf of the same subject
     * name, when that one started later. Only visible certificates count as successors, so the
     * list says nothing about what lies outside the caller's scope.
     */
    private static final String STALE = """
            with newest as (
                select distinct on (c.subject_name) c.subject_name, c.certhash, c.valid_from, c.valid_to
                  from certificate c
                 where c.type = 'Leaf' and c.subject_name <> '' and {0}
                 order by c.subject_name, c.valid_from desc, c.id desc)
            select hi.id, coalesce(nullif(a.name, ''), host(a.primary_ip), '') as asset_name, hi.port, hi.fqdn,
                   c.certhash as served, c.subject_name, c.valid_to as served_valid_to,
                   n.certhash as newer, n.valid_to as newer_valid_to
              from newest n
              join certificate c on c.subject_name = n.subject_name and c.type = 'Leaf' and c.valid_from < n.valid_from
              join instance_certificate ic on ic.certificate_id = c.id and ic.current and ic.chain_position = 0
              join host_instance hi on hi.id = ic.instance_id
              join asset a on a.id = hi.asset_id
             where {1}
            """;

    private record Stale(long count, List<StaleEndpoint> listed) {
    }

    /** The first endpoints of the list, and how many there are in all, in one statement. */
    private Stale stale(Scope scope) {
        long[] total = {0};
        List<StaleEndpoint> listed = db.resultQuery("select s.*, count(*) over () as total from (" + STALE
                                + ") s order by s.served_valid_to, s.id limit " + STALE_LISTED,
                        scope.certificateVisible("c"), scope.assetVisible("a"))
                .fetch(r -> {
                    total[0] = r.get("total", Long.class);
                    return new StaleEndpoint(r.get("id", Long.class), r.get("asset_name", String.class),
                        r.get("port", Integer.class), r.get("fqdn", String.class), r.get("served", String.class).strip(),
                        r.get("subject_name", String.class), r.get("served_valid_to", OffsetDateTime.class).toInstant(),
                        r.get("newer", String.class).strip(), r.get("newer_valid_to", OffsetDateTime.class).toInstant());
                });
        return new Stale(total[0], listed);
    }
}
