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

    private static String grades() {
        return "array[" + String.join(", ", AlertCondition.GRADES.stream().map(g -> "'" + g + "'").toList()) + "]";
    }
}
