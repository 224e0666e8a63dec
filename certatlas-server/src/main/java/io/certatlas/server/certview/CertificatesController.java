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
import io.certatlas.store.read.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.SortField;
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

    private final CertificateReader reader;

    public CertificatesController(CertificateReader reader) {
        this.reader = reader;
    }

    @PostMapping("/certview/v1/certificates")
    public void list(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ListCertificatesRequest body = ListCertificatesRequest.from(JsonRequest.read(request));
        CertificateFilter filter = certificateFilter(body.filter(), caller.scope());
        List<SortField<?>> sort = sort(() -> SortSpec.certificates(SortRequest.keys(body.sort()), caller.scope()).fields());
        List<CertificateRow> rows = reader.page(filter.condition(), caller.scope(), sort, body.page(),
                new CertificateReader.Detail(ASSET_CAP, body.extended()));
        CertViewJson.respond(response, json -> CertViewJson.certificates(json, rows, body.extended()));
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

    private static CertificateFilter certificateFilter(JsonNode filter, Scope scope) {
        try {
            if (filter == null || filter.isMissingNode() || filter.isNull()) {
                return CertificateFilter.compile("", scope);
            }
            if (filter.isString()) {
                return CertificateFilter.compile(filter.asString(), scope);
            }
            if (filter.isObject()) {
                // Some clients send v2's structured filter to v1: it means the same things.
                @SuppressWarnings("unchecked")
                Map<String, ?> structured = JSON.convertValue(filter, Map.class);
                return CertificateFilter.fromStructured(structured, scope);
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
