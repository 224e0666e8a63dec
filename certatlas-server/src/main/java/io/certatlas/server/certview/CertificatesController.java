package io.certatlas.server.certview;

import io.certatlas.qql.QqlException;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.Scope;
import io.certatlas.store.query.AssetFilter;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.Matches;
import io.certatlas.store.read.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Certificate View v1 endpoints: list certificates, and list the assets of one certificate. */
@RestController
public class CertificatesController {

    /** Each certificate in a list carries at most this many of its assets (the assets endpoint has all). */
    public static final int ASSET_CAP = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Renders a filter with its values inline: the text of the question, for the cache key. */
    private static final DSLContext INLINE = DSL.using(SQLDialect.POSTGRES);

    private final CertificateReader reader;
    private final PagedAnswers answers;
    private final TotalCounts totals;
    private final DocumentedPages documented;
    private final Clock clock;

    public CertificatesController(CertificateReader reader, PagedAnswers answers, TotalCounts totals,
                                  DocumentedPages documented, Clock clock) {
        this.reader = reader;
        this.answers = answers;
        this.totals = totals;
        this.documented = documented;
        this.clock = clock;
    }

    @PostMapping("/certview/v1/certificates")
    public void list(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ListCertificatesRequest body = ListCertificatesRequest.from(JsonRequest.readCertificateViewQuery(request));
        Instant now = questionTime(clock);
        CertificateFilter filter = certificateFilter(body.filter(), now, caller.scope());
        List<Map<String, String>> sortKeys = SortRequest.keys(body.sort());
        List<SortField<?>> sort = sort(() -> SortSpec.certificates(sortKeys, caller.scope()).fields());
        CertificateReader.Detail detail = new CertificateReader.Detail(ASSET_CAP, body.extended());
        String filterText = inline(filter.condition());
        answers.answer(request, response,
                snapshot -> new PageCache.Key(snapshot, caller.scope().toString(), filterText + " sorted " + sortKeys,
                        body.page().offset(), body.page().size(), body.extended()),
                snapshot -> {
                    long total = totals.certificates(snapshot, filter, caller.scope(), filterText);
                    if (detail.der()) {
                        List<CertificateRow> rows = snapshot.page(filter.condition(), caller.scope(), sort, body.page(), detail);
                        return new PagedAnswers.Rendered(
                                CertViewJson.render(out -> CertViewJson.certificates(out, rows, true)),
                                total, Optional.empty());
                    }
                    // Basic details, what most pages ask for, come from the stored certificate documents.
                    List<Long> ids = snapshot.pageIds(filter.condition(), caller.scope(), sort, body.page(),
                            new Matches(filter.countCondition(), total, visible(snapshot, caller.scope())));
                    return new PagedAnswers.Rendered(documented.page(snapshot, ids, caller.scope()), total, Optional.empty());
                });
    }

    /** How many certificates a scoped caller sees in this snapshot; for one who sees everything, not counted. */
    private OptionalLong visible(InventorySnapshot snapshot, Scope scope) {
        if (!(scope instanceof Scope.Tags)) {
            return OptionalLong.empty();
        }
        Condition everything = DSL.noCondition();
        return OptionalLong.of(totals.get(snapshot, scope + " certificates " + inline(everything),
                () -> snapshot.countCertificates(everything, scope)));
    }

    /**
     * "now" in relative dates and expiry groups counts in whole seconds, so that the same
     * question asked within one second is the same question (and may be answered from the cache).
     */
    static Instant questionTime(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A condition with its values written in: the text of the question, for cache and count keys. */
    static String inline(Condition condition) {
        return INLINE.renderInlined(condition);
    }

    @PostMapping("/certview/v1/certificates/{certhash}/assets")
    public void assets(@AuthenticationPrincipal Caller caller, @PathVariable String certhash,
                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = JsonRequest.readCertificateViewQuery(request);
        if (!certhash.matches("(?i)[0-9a-f]{64}")) {
            throw ApiException.badField("certhash", "the certhash in the path must be the certificate's SHA-256 as 64 hex"
                    + " characters, was '" + certhash + "'");
        }
        CertViewJson.AssetParts parts = attributes(body.path("attributes"));
        Page page = ListCertificatesRequest.page(body);
        AssetFilter filter = assetFilter(body.path("filter"));
        List<SortField<?>> sort = sort(() -> SortSpec.assets(SortRequest.keys(body.path("sort"))).fields());
        List<AssetRow> assets;
        long total;
        try (InventorySnapshot snapshot = reader.snapshot()) {
            CertificateRow certificate = snapshot.find(certhash, caller.scope()).orElseThrow(() -> notVisible(certhash));
            assets = snapshot.assetsOf(certificate.id(), filter.condition(), caller.scope(), sort, page,
                    parts.tags(), parts.hostInstances());
            total = snapshot.countAssetsOf(certificate.id(), filter.condition(), caller.scope());
        }
        response.setHeader(PagedAnswers.TOTAL_COUNT, Long.toString(total));
        CertViewJson.respond(response, json -> CertViewJson.assets(json, assets, parts));
    }

    /** The 404 of a certificate that does not exist for this caller (unknown, or outside the scope). */
    static ApiException notVisible(String certhash) {
        return ApiException.notFound("no certificate with certhash " + certhash.toLowerCase(Locale.ROOT)
                + " is visible to you");
    }

    /** The filter of a certificate list: a QQL string, or v2's structured object; absent: every certificate. */
    static CertificateFilter certificateFilter(JsonNode filter, Instant now, Scope scope) {
        try {
            if (filter == null || filter.isMissingNode() || filter.isNull()) {
                return CertificateFilter.compile("", now, scope);
            }
            if (filter.isString()) {
                return CertificateFilter.compile(filter.asString(), now, scope);
            }
            if (filter.isObject()) {
                // Some clients send v2's structured filter to v1: it means the same things.
                @SuppressWarnings("unchecked")
                Map<String, ?> structured = JSON.convertValue(filter, Map.class);
                return CertificateFilter.fromStructured(structured, now, scope);
            }
        } catch (QqlException e) {
            throw ApiException.badFilter("filter", e);
        }
        throw ApiException.badField("filter", "'filter' must be a QQL string such as \"type:Leaf and keySize<2048\","
                + " or a structured filter object {\"filters\": [...], \"operation\": \"AND\"}");
    }

    private static AssetFilter assetFilter(JsonNode filter) {
        if (filter == null || filter.isMissingNode() || filter.isNull()) {
            return AssetFilter.compile("");
        }
        if (!filter.isString()) {
            throw ApiException.badField("filter", "'filter' must be a QQL string in the grouped form, e.g. \"asset:(name:server1)\"");
        }
        try {
            return AssetFilter.compile(filter.asString());
        } catch (QqlException e) {
            throw ApiException.badFilter("filter", e);
        }
    }

    private static CertViewJson.AssetParts attributes(JsonNode attributes) {
        List<String> names = new ArrayList<>();
        if (attributes.isString()) {
            for (String part : attributes.asString().split(",")) {
                names.add(part.strip());
            }
        } else if (attributes.isArray()) {
            attributes.forEach(node -> names.add(node.asString().strip()));
        } else if (!attributes.isMissingNode() && !attributes.isNull()) {
            throw ApiException.badField("attributes", "'attributes' must be \"tags\", \"hostInstances\" or both, comma-separated");
        }
        boolean tags = false;
        boolean instances = false;
        for (String name : names) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "tags" -> tags = true;
                case "hostinstances" -> instances = true;
                case "" -> { }
                default -> throw ApiException.badField("attributes", "'attributes' may name tags and hostInstances, not '" + name + "'");
            }
        }
        return new CertViewJson.AssetParts(tags, instances);
    }

    static <T> T sort(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (QqlException e) {
            throw ApiException.badField("sort", e.getMessage());
        }
    }
}
