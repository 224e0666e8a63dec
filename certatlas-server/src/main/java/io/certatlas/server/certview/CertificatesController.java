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
    private final PageCache cache;
    private final Clock clock;

    public CertificatesController(CertificateReader reader, PageCache cache, Clock clock) {
        this.reader = reader;
        this.cache = cache;
        this.clock = clock;
    }

    @PostMapping("/certview/v1/certificates")
    public void list(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ListCertificatesRequest body = ListCertificatesRequest.from(JsonRequest.read(request));
        // "now" in relative dates and expiry groups counts in whole seconds, so that the same
        // question asked within one second is the same question (and may be answered from the cache).
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateFilter filter = certificateFilter(body.filter(), now, caller.scope());
        List<Map<String, String>> sortKeys = SortRequest.keys(body.sort());
        List<SortField<?>> sort = sort(() -> SortSpec.certificates(sortKeys, caller.scope()).fields());
        Question question = new Question(filter.condition(), caller.scope(), sort, body.page(),
                new CertificateReader.Detail(ASSET_CAP, body.extended()));
        if (!cache.enabled()) {
            respondRead(response, question, question.readWith(reader));
            return;
        }
        PageCache.Key key;
        PageCache.Lookup lookup;
        List<CertificateRow> rows = List.of();
        try (InventorySnapshot snapshot = reader.snapshot()) {
            key = new PageCache.Key(snapshot.id(), caller.scope().toString(), INLINE.renderInlined(filter.condition())
                    + " sorted " + sortKeys, body.page().offset(), body.page().size(), body.extended());
            lookup = cache.lookup(key);
            if (lookup instanceof PageCache.Lookup.Claimed) {
                rows = forOthers(key, () -> question.readIn(snapshot));
            }
        }
        switch (lookup) {
            case PageCache.Lookup.Kept kept -> CertViewJson.respond(request, response, kept.entry());
            case PageCache.Lookup.Reading reading -> {
                Optional<PageCache.Entry> read = reading.await();
                if (read.isPresent()) {
                    CertViewJson.respond(request, response, read.get());
                } else {
                    respondRead(response, question, question.readWith(reader));
                }
            }
            case PageCache.Lookup.Claimed claimed -> {
                List<CertificateRow> page = rows;
                CertViewJson.Buffer json = forOthers(key,
                        () -> CertViewJson.render(out -> CertViewJson.certificates(out, page, body.extended())));
                if (json.length() > PageCache.MAX_PAGE_BYTES) {
                    cache.abandon(key);
                    CertViewJson.respond(response, json);
                } else {
                    CertViewJson.respond(request, response, json, cache.put(key, json.bytes(), json.length()));
                }
            }
        }
    }

    /** A page of certificates asked for, compiled for the reader. */
    private record Question(Condition filter, Scope scope, List<SortField<?>> sort, Page page,
                            CertificateReader.Detail detail) {

        List<CertificateRow> readWith(CertificateReader reader) {
            return reader.page(filter, scope, sort, page, detail);
        }

        List<CertificateRow> readIn(InventorySnapshot snapshot) {
            return snapshot.page(filter, scope, sort, page, detail);
        }
    }

    private static void respondRead(HttpServletResponse response, Question question, List<CertificateRow> rows)
            throws IOException {
        CertViewJson.respond(response, json -> CertViewJson.certificates(json, rows, question.detail().der()));
    }

    /** Does part of reading a page claimed in the cache; if it fails, the claim is given up, or whoever waits for the page would wait in vain. */
    private <T> T forOthers(PageCache.Key key, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            cache.abandon(key);
            throw e;
        }
    }

    @PostMapping("/certview/v1/certificates/{certhash}/assets")
    public void assets(@AuthenticationPrincipal Caller caller, @PathVariable String certhash,
                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = JsonRequest.read(request);
        if (!certhash.matches("(?i)[0-9a-f]{64}")) {
            throw ApiException.badField("certhash", "the certhash in the path must be the certificate's SHA-256 as 64 hex"
                    + " characters, was '" + certhash + "'");
        }
        CertViewJson.AssetParts parts = attributes(body.path("attributes"));
        Page page = ListCertificatesRequest.page(body);
        AssetFilter filter = assetFilter(body.path("filter"));
        List<SortField<?>> sort = sort(() -> SortSpec.assets(SortRequest.keys(body.path("sort"))).fields());
        CertificateRow certificate = reader.find(certhash, caller.scope()).orElseThrow(() -> ApiException.notFound(
                "no certificate with certhash " + certhash.toLowerCase(Locale.ROOT) + " is visible to you"));
        List<AssetRow> assets = reader.assetsOf(certificate.id(), filter.condition(), caller.scope(), sort, page,
                parts.tags(), parts.hostInstances());
        CertViewJson.respond(response, json -> CertViewJson.assets(json, assets, parts));
    }

    private static CertificateFilter certificateFilter(JsonNode filter, Instant now, Scope scope) {
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
            throw ApiException.badFilter("filter", e.getMessage(), e.column().orElse(0));
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
            throw ApiException.badFilter("filter", e.getMessage(), e.column().orElse(0));
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

    private static List<SortField<?>> sort(java.util.function.Supplier<List<SortField<?>>> parse) {
        try {
            return parse.get();
        } catch (QqlException e) {
            throw ApiException.badField("sort", e.getMessage());
        }
    }
}
