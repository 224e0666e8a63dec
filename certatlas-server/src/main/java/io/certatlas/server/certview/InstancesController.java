package io.certatlas.server.certview;

import io.certatlas.qql.QqlException;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.Scope;
import io.certatlas.store.query.InstanceFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.InstancePage;
import io.certatlas.store.read.Seek;
import io.certatlas.store.read.SeekPosition;
import io.certatlas.store.read.ServedInstance;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /certview/v2/instances}: the host instances serving a certificate now, on assets
 * the caller may see, each with its asset, its leaf certificate and its gradeSummary; filtered by
 * the structured filter (or QQL) on the instance, its asset, its certificate and its findings;
 * paged by keyset like the v2 certificate list.
 */
@RestController
public class InstancesController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PagedAnswers answers;
    private final TotalCounts totals;
    private final PagePositions positions;
    private final WalkWaypoints waypoints;
    private final Clock clock;

    public InstancesController(PagedAnswers answers, TotalCounts totals, PagePositions positions,
                               WalkWaypoints waypoints, Clock clock) {
        this.answers = answers;
        this.totals = totals;
        this.positions = positions;
        this.waypoints = waypoints;
        this.clock = clock;
    }

    @PostMapping({"/certview/v2/instances", "/certview/v2.1/instances", "/certview/v2.2/instances"})
    public void list(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        var body = JsonRequest.readCertificateViewQuery(request);
        JsonNode filterNode = V2ListRequest.filter(body);
        var page = V2ListRequest.page(body);
        Scope scope = caller.scope();
        Condition filter = filter(filterNode, CertificatesController.questionTime(clock), scope);
        String filterText = CertificatesController.inline(filter);
        List<Map<String, String>> sortKeys = SortRequest.keys(body.path("sort"));
        List<SortSpec.Key> keys = CertificatesController.sort(() -> SortSpec.instances(sortKeys).keys());
        String walk = caller.accountId() + " instances " + filterText + " sorted " + sortKeys + " by " + page.size();
        Seek seek = positions.seek(walk, page);
        Optional<SeekPosition> last = answers.answer(request, response,
                snapshot -> new PageCache.Key(snapshot, scope.toString(), "v2 instances " + filterText + " sorted "
                        + sortKeys + " after " + seek.after().map(SeekPosition::values), seek.skip(), seek.size(), false),
                snapshot -> {
                    long total = totals.get(snapshot, scope + " instances " + filterText,
                            () -> snapshot.countInstances(filter, scope));
                    // Counted in this snapshot, so the page may be reached from the end of the list when nearer.
                    InstancePage rows = waypoints.read(snapshot, scope + " instances " + filterText + " sorted " + sortKeys,
                            seek.inListOf(total), from -> snapshot.instances(filter, scope, keys, from),
                            InstancePage::waypoints);
                    return new PagedAnswers.Rendered(CertViewJson.render(json -> instances(json, rows.rows())),
                            total, rows.last());
                });
        positions.ended(walk, page, last);
    }

    private static Condition filter(JsonNode filter, Instant now, Scope scope) {
        try {
            if (filter == null || filter.isMissingNode() || filter.isNull()) {
                return InstanceFilter.compile("", now, scope).condition();
            }
            if (filter.isString()) {
                return InstanceFilter.compile(filter.asString(), now, scope).condition();
            }
            if (filter.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, ?> structured = JSON.convertValue(filter, Map.class);
                return InstanceFilter.fromStructured(structured, now, scope).condition();
            }
        } catch (QqlException e) {
            throw ApiException.badFilter("filter", e);
        }
        throw ApiException.badField("filter", "'filter' must be a structured filter object {\"filters\": [...],"
                + " \"operation\": \"AND\"} (or a QQL string such as \"instance.port:443\")");
    }

    static void instances(JsonGenerator json, List<ServedInstance> rows) {
        json.writeStartArray();
        for (ServedInstance i : rows) {
            json.writeStartObject();
            json.writeNumberProperty("id", i.id());
            json.writeNumberProperty("port", i.port());
            json.writeStringProperty("scannedDate", CertViewJson.iso(i.scanned()));
            json.writeStringProperty("protocol", i.protocol());
            json.writeStringProperty("service", i.service());
            json.writeStringProperty("grade", i.grade());
            json.writeName("asset");
            json.writeStartObject();
            json.writeNumberProperty("id", i.assetId());
            json.writeStringProperty("uuid", i.assetUuid().toString());
            json.writeStringProperty("name", i.assetName());
            json.writeStringProperty("primaryIp", i.assetPrimaryIp());
            json.writeEndObject();
            json.writeName("certificate");
            json.writeStartObject();
            json.writeNumberProperty("id", i.certificateId());
            json.writeStringProperty("certhash", i.certhash());
            json.writeStringProperty("name", i.certificateName());
            json.writeNumberProperty("lastFound", i.certificateLastFound().toEpochMilli());
            json.writeEndObject();
            GradeSummaryJson.write(json, i.gradeSummaryJson().orElse(""), i.grade(), i.gradeWithTrustIgnored());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
