package io.certatlas.store.endpoint;

import io.certatlas.store.access.Scope;
import io.certatlas.store.endpoint.EndpointDetail.EndpointFinding;
import io.certatlas.store.endpoint.EndpointDetail.ServedCertificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads one endpoint for its page, only when it is on an asset the caller sees. */
public final class EndpointReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;

    public EndpointReader(DSLContext db) {
        this.db = db;
    }

    /** The endpoint, or empty when there is none with this id on an asset within the scope. */
    public Optional<EndpointDetail> find(long instanceId, Scope scope) {
        Optional<Record> row = db.resultQuery("""
                select hi.id, a.uuid::text as asset_uuid, a.name as asset_name, coalesce(host(a.primary_ip), '') as primary_ip,
                       hi.protocol, hi.port, hi.fqdn, hi.service, hi.ssl_protocols, hi.cipher_suites::text as suites,
                       hi.grade, hi.grade_with_trust_ignored, hi.grade_summary::text as summary, hi.scanned, hi.last_found
                  from host_instance hi join asset a on a.id = hi.asset_id
                 where hi.id = {0} and {1}
                """, DSL.val(instanceId), scope.assetVisible("a")).fetchOptional();
        return row.map(r -> new EndpointDetail(r.get("id", Long.class), r.get("asset_uuid", String.class),
                r.get("asset_name", String.class), r.get("primary_ip", String.class), r.get("protocol", String.class),
                r.get("port", Integer.class), r.get("fqdn", String.class), r.get("service", String.class),
                Arrays.asList(r.get("ssl_protocols", String[].class)), suites(r.get("suites", String.class)),
                r.get("grade", String.class), r.get("grade_with_trust_ignored", String.class),
                Optional.ofNullable(r.get("summary", String.class)),
                Optional.ofNullable(r.get("scanned", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                r.get("last_found", OffsetDateTime.class).toInstant(), findings(instanceId), served(instanceId)));
    }

    private List<EndpointFinding> findings(long instanceId) {
        return db.resultQuery("""
                select qid, title, severity, detail, status, first_found, last_found from finding
                 where instance_id = {0} order by status, severity desc, qid
                """, DSL.val(instanceId)).fetch(r -> new EndpointFinding(r.get("qid", Integer.class),
                r.get("title", String.class), r.get("severity", Integer.class), r.get("detail", String.class),
                r.get("status", String.class), instant(r, "first_found"), instant(r, "last_found")));
    }

    private List<ServedCertificate> served(long instanceId) {
        return db.resultQuery("""
                select c.certhash, c.subject_name, c.issuer_name, c.valid_from, c.valid_to, ic.chain_position, ic.current,
                       ic.first_found, ic.last_found
                  from instance_certificate ic join certificate c on c.id = ic.certificate_id
                 where ic.instance_id = {0}
                 order by ic.chain_position, ic.last_found desc, ic.first_found desc
                """, DSL.val(instanceId)).fetch(r -> new ServedCertificate(r.get("certhash", String.class).strip(),
                r.get("subject_name", String.class), r.get("issuer_name", String.class), instant(r, "valid_from"),
                instant(r, "valid_to"), r.get("chain_position", Integer.class), r.get("current", Boolean.class),
                instant(r, "first_found"), instant(r, "last_found")));
    }

    private static Instant instant(Record r, String column) {
        return r.get(column, OffsetDateTime.class).toInstant();
    }

    /** The recorded {protocol: [suite, ...]} object; anything else reads as no suites. */
    private static Map<String, List<String>> suites(String json) {
        Map<String, List<String>> suites = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(json == null ? "{}" : json);
        node.properties().forEach(e -> suites.put(e.getKey(),
                e.getValue().isArray() ? e.getValue().valueStream().map(JsonNode::asString).toList() : List.of()));
        return suites;
    }
}
