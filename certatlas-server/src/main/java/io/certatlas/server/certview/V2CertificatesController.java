package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.Scope;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.CertificateDossier;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InstanceRow;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.Seek;
import io.certatlas.store.read.SeekPosition;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The v2 certificate list ({@code /certview/v2/certificates}, also {@code /v2.1/} and
 * {@code /v2.2/}), and CertAtlas's own additions beside the Certificate View API: counting the
 * certificates a filter matches (v1 and v2 bodies), and one certificate in full by its hash.
 */
@RestController
public class V2CertificatesController {

    private final CertificateReader reader;
    private final PagedAnswers answers;
    private final TotalCounts totals;
    private final PagePositions positions;
    private final WalkWaypoints waypoints;
    private final Clock clock;

    public V2CertificatesController(CertificateReader reader, PagedAnswers answers, TotalCounts totals,
                                    PagePositions positions, WalkWaypoints waypoints, Clock clock) {
        this.reader = reader;
        this.answers = answers;
        this.totals = totals;
        this.positions = positions;
        this.waypoints = waypoints;
        this.clock = clock;
    }

    @PostMapping({"/certview/v2/certificates", "/certview/v2.1/certificates", "/certview/v2.2/certificates"})
    public void list(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        V2ShapeAndQuestion ask = ask(caller, request);
        V2ListRequest body = ask.body();
        Scope scope = caller.scope();
        List<Map<String, String>> sortKeys = SortRequest.keys(body.sort());
        List<SortSpec.Key> keys = CertificatesController.sort(() -> SortSpec.certificates(sortKeys, scope).keys());
        String walk = caller.accountId() + " certificates " + ask.filterText() + " sorted " + sortKeys + " by "
                + body.page().size();
        Seek seek = positions.seek(walk, body.page());
        V2Shape shape = ask.shape();
        CertificateReader.Detail detail = new CertificateReader.Detail(
                shape.wantsAssets() ? CertificatesController.ASSET_CAP : 0, shape.wantsDer());
        Optional<SeekPosition> last = answers.answer(request, response,
                snapshot -> new PageCache.Key(snapshot, scope.toString(), "v2 " + ask.filterText() + " sorted " + sortKeys
                        + " after " + seek.after().map(SeekPosition::values) + " shaped " + shape,
                        seek.skip(), seek.size(), shape.wantsDer()),
                snapshot -> {
                    long total = totals.certificates(snapshot, ask.compiled(), scope, ask.filterText());
                    // Counted in this snapshot, so the page may be reached from the end of the list when nearer.
                    CertificateReader.CertificatePage page = waypoints.read(snapshot,
                            scope + " certificates " + ask.filterText() + " sorted " + sortKeys, seek.inListOf(total),
                            from -> snapshot.certificates(ask.filter(), scope, keys, from, detail),
                            CertificateReader.CertificatePage::waypoints);
                    Map<Long, Map<String, List<String>>> suites = shape.wantsCipherSuites()
                            ? snapshot.cipherSuites(page.rows().stream().flatMap(c -> c.assets().stream())
                                    .flatMap(a -> a.instances().stream()).map(InstanceRow::id).distinct().toList())
                            : Map.of();
                    return new PagedAnswers.Rendered(
                            CertViewJson.render(json -> V2CertificateJson.certificates(json, page.rows(), shape, suites)),
                            total, page.last());
                });
        positions.ended(walk, body.page(), last);
    }

    /** CertAtlas's own: how many certificates a v2 body's filter and assetType match, as {@code {"count": N}}. */
    @PostMapping({"/certview/v2/certificates/count", "/certview/v2.1/certificates/count",
            "/certview/v2.2/certificates/count"})
    public void countV2(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        V2ShapeAndQuestion ask = ask(caller, request);
        respondCount(response, caller.scope(), ask.countFilter());
    }

    /** CertAtlas's own: how many certificates a v1 body's filter (QQL or structured) matches, as {@code {"count": N}}. */
    @PostMapping("/certview/v1/certificates/count")
    public void countV1(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ObjectNode body = JsonRequest.readCertificateViewQuery(request);
        Instant now = CertificatesController.questionTime(clock);
        Condition filter = CertificatesController.certificateFilter(body.path("filter"), now, caller.scope()).countCondition();
        respondCount(response, caller.scope(), filter);
    }

    /**
     * CertAtlas's own: one certificate in full (v1's extended object), with every visible asset
     * serving it and their instances (no cap), and {@code chain}: the certificates above it, nearest
     * issuer first, as far as the inventory holds them. Unknown or outside the scope: 404.
     */
    @GetMapping("/certview/v1/certificates/{certhash}")
    public void one(@AuthenticationPrincipal Caller caller, @PathVariable String certhash, HttpServletResponse response)
            throws IOException {
        if (certhash.equals("count")) {
            throw new ApiException(org.springframework.http.HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "GET is not allowed on /certview/v1/certificates/count; use POST, with the filter in the body",
                    java.util.Optional.empty(), java.util.Map.of());
        }
        if (!certhash.matches("(?i)[0-9a-f]{64}")) {
            throw ApiException.badField("certhash", "the certhash in the path must be the certificate's SHA-256 as 64 hex"
                    + " characters, was '" + certhash + "'");
        }
        CertificateDossier dossier = reader.dossier(certhash, caller.scope())
                .orElseThrow(() -> CertificatesController.notVisible(certhash));
        CertViewJson.respond(response, json -> CertViewJson.certificate(json, dossier.certificate(), true, more -> {
            more.writeName("chain");
            more.writeStartArray();
            for (CertificateDossier.ChainLink link : dossier.chain()) {
                more.writeStartObject();
                more.writeStringProperty("certhash", link.certhash());
                more.writeStringProperty("name", link.name());
                more.writeStringProperty("type", link.type());
                more.writeEndObject();
            }
            more.writeEndArray();
        }));
    }

    /** A v2 body read, with its filter compiled for the caller and the answer's shape. */
    private record V2ShapeAndQuestion(V2ListRequest body, CertificateFilter compiled, Condition filter, Condition countFilter,
                                      String filterText, V2Shape shape) {}

    private V2ShapeAndQuestion ask(Caller caller, HttpServletRequest request) {
        V2ListRequest body = V2ListRequest.from(JsonRequest.readCertificateViewQuery(request));
        Instant now = CertificatesController.questionTime(clock);
        var compiled = CertificatesController.certificateFilter(body.filter(), now, caller.scope())
                .and(body.assetType().condition(CertificateFilter.ALIAS));
        V2Shape shape = new V2Shape(ApiVersion.of(request.getRequestURI()), body.includes(), body.excluded());
        return new V2ShapeAndQuestion(body, compiled, compiled.condition(), compiled.countCondition(),
                CertificatesController.inline(compiled.condition()), shape);
    }

    private void respondCount(HttpServletResponse response, Scope scope, Condition filter)
            throws IOException {
        long count;
        // Counted every time (no memo of totals): this endpoint's cost is what its callers measure.
        try (InventorySnapshot snapshot = reader.snapshot()) {
            count = snapshot.countCertificates(filter, scope);
        }
        CertViewJson.respond(response, json -> {
            json.writeStartObject();
            json.writeNumberProperty("count", count);
            json.writeEndObject();
        });
    }
}
