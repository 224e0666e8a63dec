package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.store.read.Page;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /certview/v1/certificates}, checked: paging within 1..200 and the
 * 10,000-record window, details basic or extended. The filter and sort stay raw JSON here: the
 * query package compiles them.
 */
public record ListCertificatesRequest(JsonNode filter, boolean extended, Page page, JsonNode sort) {

    /** Certificate View answers at most this many records through paging on v1. */
    public static final int WINDOW = 10_000;
    public static final int MAX_PAGE_SIZE = 200;

    public static ListCertificatesRequest from(ObjectNode body) {
        String details = Fields.choice(body, "certificateDetails", "basic", "basic", "extended");
        Page page = page(body);
        return new ListCertificatesRequest(body.path("filter"), details.equals("extended"), page, body.path("sort"));
    }

    /** pageNumber from 0 (default 0), pageSize 1..200 (default 10), and the window rule. */
    public static Page page(ObjectNode body) {
        int number = Fields.integer(body, "pageNumber", 0, 0, WINDOW);
        int size = Fields.integer(body, "pageSize", 10, 1, MAX_PAGE_SIZE);
        if ((long) (number + 1) * size > WINDOW) {
            throw ApiException.badField("pageNumber", "pageNumber " + number + " with pageSize " + size
                    + " reaches past record " + WINDOW + ", the most this endpoint pages through;"
                    + " narrow the filter (for example by validToDate or updated) to see further records");
        }
        return new Page(number, size);
    }
}
