package io.certatlas.server.web;

import io.certatlas.scan.finding.FindingCatalogue;
import io.certatlas.scan.finding.FindingDefinition;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.security.Caller;
import io.certatlas.store.endpoint.EndpointDetail;
import io.certatlas.store.endpoint.EndpointReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/endpoints/{id}}: one TLS endpoint (a host instance, by the {@code id} the
 * Certificate View API gives it) with its protocols, suites, grade summary, findings and the
 * history of the certificates it served. An endpoint on an asset outside the caller's scope does
 * not exist for them (404).
 */
@RestController
public class EndpointsController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EndpointReader reader;

    public EndpointsController(DSLContext db) {
        this.reader = new EndpointReader(db);
    }

    @GetMapping("/api/v1/endpoints/{id}")
    public Map<String, Object> show(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        long instanceId;
        try {
            instanceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.badField("id", "an endpoint id is the whole number a host instance's 'id' holds, was '"
                    + id + "'");
        }
        EndpointDetail endpoint = reader.find(instanceId, caller.scope())
                .orElseThrow(() -> ApiException.notFound("no endpoint " + instanceId + " is visible to you"));
        return json(endpoint);
    }

    private static Map<String, Object> json(EndpointDetail e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("uuid", e.assetUuid());
        asset.put("name", e.assetName());
        asset.put("primaryIp", e.primaryIp());
        json.put("asset", asset);
        json.put("protocol", e.protocol());
        json.put("port", e.port());
        json.put("fqdn", e.fqdn());
        json.put("service", e.service());
        json.put("sslProtocols", e.sslProtocols());
        json.put("cipherSuites", e.cipherSuites());
        json.put("grade", e.grade());
        json.put("gradeWithTrustIgnored", e.gradeWithTrustIgnored());
        json.put("gradeSummary", e.gradeSummaryJson().map(JSON::readTree).orElse(null));
        json.put("scanned", e.scanned().map(Instant::toEpochMilli).orElse(null));
        json.put("lastFound", e.lastFound().toEpochMilli());
        json.put("findings", e.findings().stream().map(f -> {
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("qid", f.qid());
            finding.put("title", f.title());
            finding.put("severity", f.severity());
            finding.put("detail", f.detail());
            finding.put("status", f.status());
            finding.put("source", FindingCatalogue.standard().byQid(f.qid()).map(FindingDefinition::source).orElse(""));
            finding.put("firstFound", f.firstFound().toEpochMilli());
            finding.put("lastFound", f.lastFound().toEpochMilli());
            return finding;
        }).toList());
        json.put("certificates", e.certificates().stream().map(c -> {
            Map<String, Object> served = new LinkedHashMap<>();
            served.put("certhash", c.certhash());
            served.put("subjectName", c.subjectName());
            served.put("issuerName", c.issuerName());
            served.put("validFrom", c.validFrom().toEpochMilli());
            served.put("validTo", c.validTo().toEpochMilli());
            served.put("chainPosition", c.chainPosition());
            served.put("current", c.current());
            served.put("firstFound", c.firstFound().toEpochMilli());
            served.put("lastFound", c.lastFound().toEpochMilli());
            return served;
        }).toList());
        return json;
    }
}
