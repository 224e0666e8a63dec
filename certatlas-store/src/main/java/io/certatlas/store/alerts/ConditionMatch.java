package io.certatlas.store.alerts;

import io.certatlas.store.renewal.RenewalSql;

/**
 * The SQL that lists, for one rule, every subject its condition holds for now: columns subject,
 * certificate_id, instance_id and details (what a message says about it). {0} is the rule's
 * filter over certificate alias {@code c}, {1} now, {2} the rule's creation time.
 */
final class ConditionMatch {

    private static final String CERTIFICATE = "jsonb_build_object('certhash', c.certhash, 'subjectName', c.subject_name,"
            + " 'issuerName', c.issuer_name, 'serialNumber', c.serial_number,"
            + " 'validFrom', (extract(epoch from c.valid_from) * 1000)::bigint,"
            + " 'validTo', (extract(epoch from c.valid_to) * 1000)::bigint, 'names', to_jsonb(c.san_values))";

    private static final String ENDPOINT = "jsonb_build_object('instanceId', hi.id, 'endpoint',"
            + " coalesce(nullif(hi.fqdn, ''), host(a.primary_ip), a.name) || ':' || hi.port, 'grade', hi.grade)";

    private static final String SERVED = " from certificate c"
            + " join instance_certificate ic on ic.certificate_id = c.id and ic.current and ic.chain_position = 0"
            + " join host_instance hi on hi.id = ic.instance_id join asset a on a.id = hi.asset_id";

    private ConditionMatch() {
    }

    static String sql(AlertCondition condition, String threshold) {
        return switch (condition) {
            case OVERDUE -> "select distinct on (hi.id, c.id) 'endpoint:' || hi.id || ':' || c.certhash as subject,"
                    + " c.id as certificate_id, hi.id as instance_id, " + CERTIFICATE + " || " + ENDPOINT
                    + " || jsonb_build_object('renewalPoint', (extract(epoch from "
                    + RenewalSql.renewalPoint("c", condition.fraction(threshold)) + ") * 1000)::bigint) as details"
                    + SERVED + " where c.type = 'Leaf' and " + RenewalSql.renewalPoint("c", condition.fraction(threshold))
                    + " <= {1} and {0}";
            case STALE -> "select 'certificate:' || c.certhash as subject, c.id as certificate_id, null::bigint as instance_id, "
                    + CERTIFICATE + " || jsonb_build_object('successor', (select s.certhash from certificate_renewal r"
                    + " join certificate s on s.id = r.successor_id where r.certificate_id = c.id)) as details"
                    + " from certificate c where " + RenewalSql.stale("c") + " and {0}";
            case EXPIRES_WITHIN -> "select 'certificate:' || c.certhash as subject, c.id as certificate_id, null::bigint as instance_id, "
                    + CERTIFICATE + " as details from certificate c where c.instance_count > 0"
                    + " and c.valid_to < {1} + interval '1 day' * " + Long.parseLong(threshold) + " and {0}";
            case FINDING -> "select distinct on (hi.id, f.qid) 'finding:' || hi.id || ':' || f.qid as subject,"
                    + " c.id as certificate_id, hi.id as instance_id, " + CERTIFICATE + " || " + ENDPOINT
                    + " || jsonb_build_object('qid', f.qid, 'title', f.title, 'severity', f.severity) as details"
                    + SERVED + " join finding f on f.instance_id = hi.id and f.status = 'ACTIVE'"
                    + " where f.severity >= " + Integer.parseInt(threshold) + " and {0}";
            case GRADE_BELOW -> "select distinct on (hi.id) 'endpoint:' || hi.id as subject,"
                    + " c.id as certificate_id, hi.id as instance_id, " + CERTIFICATE + " || " + ENDPOINT + " as details"
                    + SERVED + " where array_position(" + grades() + ", hi.grade) > "
                    + (AlertCondition.GRADES.indexOf(threshold) + 1) + " and {0}";
            case NEW_CERTIFICATE -> "select 'certificate:' || c.certhash as subject, c.id as certificate_id, null::bigint as instance_id, "
                    + CERTIFICATE + " as details from certificate c where c.type = 'Leaf' and c.created > {2} and {0}";
        };
    }

    /**
     * The rows of {@code match} (this condition's {@link #sql}) for the subjects a pass re-reads
     * (see {@link ChangedSubjects}): a certificate-keyed subject by its certificate, any other by
     * its endpoint (an (endpoint, certificate) pair too: the endpoints re-read include every
     * endpoint serving a re-read leaf). The match runs once per re-read row, behind a fence
     * ({@code offset 0}) that keeps it so: left to itself, the planner misjudged a filter's
     * {@code exists} over tags and joined all 3,000,000 endpoints by hash to find 1,000 (6 s).
     */
    static String changedMatch(AlertCondition condition, String match) {
        boolean byCertificate = keyedByCertificate(condition);
        return "select m1.* from " + (byCertificate ? ChangedSubjects.CERTIFICATES : ChangedSubjects.INSTANCES) + " x"
                + " cross join lateral (" + match + " and " + (byCertificate ? "c.id" : "hi.id") + " = x.id offset 0) m1";
    }

    /**
     * The subjects of the rule's firing alerts on what a pass re-read: {3} the rule, {4} its
     * threshold. Each re-read certificate or endpoint looks up its own alerts (the fence, {@code
     * offset 0}, keeps it so), never the other way round: right after a whole pass has fired a
     * million alerts the statistics may not know of them, and a plan that walks the rule's alerts
     * to match them against the few re-read took seconds.
     */
    static String firingAmongChanged(AlertCondition condition) {
        boolean byCertificate = keyedByCertificate(condition);
        return "select f.subject from " + (byCertificate ? ChangedSubjects.CERTIFICATES : ChangedSubjects.INSTANCES) + " x"
                + " cross join lateral (select f.subject from alert_state f where f.rule_id = {3} and f.status = 'FIRING'"
                + " and f.threshold = {4} and f." + (byCertificate ? "certificate_id" : "instance_id") + " = x.id offset 0) f";
    }

    /** Of the certificates and endpoints a pass re-read, how many key this condition's subjects. */
    static int keyedRead(AlertCondition condition, int certificates, int instances) {
        return keyedByCertificate(condition) ? certificates : instances;
    }

    private static boolean keyedByCertificate(AlertCondition condition) {
        return switch (condition) {
            case STALE, EXPIRES_WITHIN, NEW_CERTIFICATE -> true;
            case OVERDUE, FINDING, GRADE_BELOW -> false;
        };
    }

    /**
     * For a condition the clock alone can make hold (OVERDUE, EXPIRES_WITHIN), SQL that is true
     * for a certificate {@code c} that will hold in {@code (from, to]}, both SQL instants, given
     * the rest of the condition; with the instant it holds from in {@link #due}.
     */
    static java.util.Optional<String> dueBetween(AlertCondition condition, String threshold, String from, String to) {
        return switch (condition) {
            case OVERDUE -> {
                String point = RenewalSql.renewalPoint("c", condition.fraction(threshold));
                yield java.util.Optional.of("c.type = 'Leaf' and c.instance_count > 0 and " + point + " > " + from
                        + " and " + point + " <= " + to);
            }
            case EXPIRES_WITHIN -> {
                String days = " + interval '1 day' * " + Long.parseLong(threshold);
                yield java.util.Optional.of("c.instance_count > 0 and c.valid_to >= " + from + days + " and c.valid_to < " + to + days);
            }
            case STALE, FINDING, GRADE_BELOW, NEW_CERTIFICATE -> java.util.Optional.empty();
        };
    }

    /** The instant the clock makes the condition hold for certificate {@code c}; only where {@link #dueBetween} is present. */
    static String due(AlertCondition condition, String threshold) {
        return switch (condition) {
            case OVERDUE -> RenewalSql.renewalPoint("c", condition.fraction(threshold));
            case EXPIRES_WITHIN -> "(c.valid_to - interval '1 day' * " + Long.parseLong(threshold) + ")";
            case STALE, FINDING, GRADE_BELOW, NEW_CERTIFICATE ->
                    throw new IllegalArgumentException(condition + " does not become true by the clock alone");
        };
    }

    private static String grades() {
        return "array[" + String.join(", ", AlertCondition.GRADES.stream().map(g -> "'" + g + "'").toList()) + "]";
    }
}
