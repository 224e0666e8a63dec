package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.store.read.Page;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a v2 list ({@code /certview/v2/certificates}, {@code /certview/v2/instances}):
 * the filter under {@code filter} or {@code filterRequest}, paging without v1's 10,000-record
 * window (numbers or numeric strings), {@code sort} as v1 reads it, and for certificates
 * {@code includes}, {@code excludeFields} and {@code assetType}.
 */
record V2ListRequest(JsonNode filter, Page page, JsonNode sort, Set<Include> includes, Set<String> excluded,
                     AssetType assetType) {

    static V2ListRequest from(ObjectNode body) {
        return new V2ListRequest(filter(body), page(body), body.path("sort"), Include.from(body.path("includes")),
                V2Shape.excludeFields(body.path("excludeFields")), AssetType.from(body));
    }

    /** {@code filter}, else {@code filterRequest} (some clients send that name); absent: a missing node. */
    static JsonNode filter(ObjectNode body) {
        JsonNode filter = body.path("filter");
        JsonNode other = body.path("filterRequest");
        boolean given = !filter.isMissingNode() && !filter.isNull();
        boolean otherGiven = !other.isMissingNode() && !other.isNull();
        if (given && otherGiven) {
            throw ApiException.badField("filterRequest", "send the filter once, as 'filter' or as 'filterRequest', not both");
        }
        return given ? filter : other;
    }

    /** pageNumber from 0 (default 0), pageSize 1..200 (default 10); no window: v2 pages by keyset. */
    static Page page(ObjectNode body) {
        int number = Fields.integer(body, "pageNumber", 0, 0, Integer.MAX_VALUE);
        int size = Fields.integer(body, "pageSize", 10, 1, ListCertificatesRequest.MAX_PAGE_SIZE);
        return new Page(number, size);
    }
}
