package io.certatlas.store.metrics;

import io.certatlas.store.renewal.RenewalSql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The inventory counted for a metrics scrape, and the served certificates whose expiry is
 * exported one series each. Only served leaves are exported, soonest expiry first, at most
 * {@code limit} (certificate, endpoint) pairs, so a million-certificate inventory still gives a
 * scrape of bounded size; {@link #servedPairs} says how many there are in all.
 */
public final class InventoryMetrics {

    private final DSLContext db;

    public InventoryMetrics(DSLContext db) {
        this.db = db;
    }

    /** One served certificate at one endpoint. */
    public record ServedCertificate(String subjectCn, String issuerCn, String serialNumber, String certhash, String endpoint,
                                    Instant notBefore, Instant notAfter) {}

    public List<ServedCertificate> soonestExpiring(int limit) {
        return db.resultQuery("""
                select c.subject_name, c.issuer_name, c.serial_number, c.certhash, c.valid_from, c.valid_to,
                       coalesce(nullif(hi.fqdn, ''), host(a.primary_ip), a.name) || ':' || hi.port as endpoint
                  from certificate c
                  join instance_certificate ic on ic.certificate_id = c.id and ic.current and ic.chain_position = 0
                  join host_instance hi on hi.id = ic.instance_id
                  join asset a on a.id = hi.asset_id
                 where c.instance_count > 0
                 order by c.valid_to, c.id, hi.id
                 limit ?""", limit).fetch().map(r -> new ServedCertificate(r.get("subject_name", String.class),
                r.get("issuer_name", String.class), r.get("serial_number", String.class), r.get("certhash", String.class),
                r.get("endpoint", String.class), r.get("valid_from", OffsetDateTime.class).toInstant(),
                r.get("valid_to", OffsetDateTime.class).toInstant()));
    }

    public long servedPairs() {
        return db.resultQuery("select count(*) as n from instance_certificate where current and chain_position = 0")
                .fetchOne().get("n", Long.class);
    }

    /** Certificates by expiry group (Expired, In 7/30/60/90 Days, Later), counted once each. */
    public Map<String, Long> byExpiryGroup(Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        var r = db.resultQuery("""
                select count(*) filter (where valid_to < ?::timestamptz) as expired,
                       count(*) filter (where valid_to >= ?::timestamptz and valid_to < ?::timestamptz + interval '7 days') as d7,
                       count(*) filter (where valid_to >= ?::timestamptz + interval '7 days' and valid_to < ?::timestamptz + interval '30 days') as d30,
                       count(*) filter (where valid_to >= ?::timestamptz + interval '30 days' and valid_to < ?::timestamptz + interval '60 days') as d60,
                       count(*) filter (where valid_to >= ?::timestamptz + interval '60 days' and valid_to < ?::timestamptz + interval '90 days') as d90,
                       count(*) filter (where valid_to >= ?::timestamptz + interval '90 days') as later
                  from certificate""", at(now), at(now), at(now), at(now), at(now), at(now), at(now), at(now), at(now), at(now))
                .fetchOne();
        counts.put("expired", r.get("expired", Long.class));
        counts.put("7d", r.get("d7", Long.class));
        counts.put("30d", r.get("d30", Long.class));
        counts.put("60d", r.get("d60", Long.class));
        counts.put("90d", r.get("d90", Long.class));
        counts.put("later", r.get("later", Long.class));
        return counts;
    }

    public Map<String, Long> endpointsByGrade() {
        Map<String, Long> counts = new LinkedHashMap<>();
        db.resultQuery("select grade, count(*) as n from host_instance group by grade order by grade").fetch()
                .forEach(r -> counts.put(r.get("grade", String.class).isEmpty() ? "none" : r.get("grade", String.class),
                        r.get("n", Long.class)));
        return counts;
    }

    /** Active findings by QID (the catalogue is small, so this stays bounded). */
    public Map<Integer, Long> activeFindingsByQid() {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        db.resultQuery("select qid, count(*) as n from finding where status = 'ACTIVE' group by qid order by qid").fetch()
                .forEach(r -> counts.put(r.get("qid", Integer.class), r.get("n", Long.class)));
        return counts;
    }

    public Map<String, Long> renewalStates(Instant now) {
        var r = db.resultQuery("select count(*) filter (where " + RenewalSql.overdue("c", RenewalSql.DEFAULT_FRACTION, "?::timestamptz") + ") as overdue,"
                + " (select count(*) from certificate_renewal where renewed is not null) as renewed,"
                + " (select count(*) from certificate_renewal rr join certificate s on s.id = rr.certificate_id where s.instance_count > 0) as stale"
                + " from certificate c where c.type = 'Leaf' and c.instance_count > 0", at(now)).fetchOne();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("renewed", r.get("renewed", Long.class));
        counts.put("stale", r.get("stale", Long.class));
        counts.put("overdue", r.get("overdue", Long.class));
        return counts;
    }

    /** Scan jobs by status (FAILED ones are the scan errors) and the last finished job's duration. */
    public Map<String, Long> scanJobsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        db.resultQuery("select status, count(*) as n from scan_job group by status order by status").fetch()
                .forEach(r -> counts.put(r.get("status", String.class), r.get("n", Long.class)));
        return counts;
    }

    public double lastScanSeconds() {
        var r = db.resultQuery("select extract(epoch from finished - started) as s from scan_job where status = 'FINISHED'"
                + " and started is not null order by finished desc limit 1").fetchOptional();
        return r.map(x -> x.get("s", Double.class)).orElse(0.0);
    }

    /** When the last scan job finished, to know whether the alerts have news to look at. */
    public Instant lastScanFinished() {
        var r = db.resultQuery("select max(finished) as f from scan_job").fetchOne().get("f", OffsetDateTime.class);
        return r == null ? Instant.EPOCH : r.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
