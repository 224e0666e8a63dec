package io.certatlas.client;

import java.util.List;
import java.util.Objects;

/**
 * A v1 certificate list: a QQL filter ("" for all), basic or extended details, a sort (empty: the
 * server's default, updated descending) and the page size the walk asks for (1..200).
 */
public record CertificateQuery(String filter, boolean extended, List<SortKey> sort, int pageSize) {

    public static final int MAX_PAGE_SIZE = 200;

    public CertificateQuery {
        Objects.requireNonNull(filter, "filter");
        sort = List.copyOf(sort);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    /** Every certificate, basic details, the server's order, 200 per page. */
    public static CertificateQuery all() {
        return new CertificateQuery("", false, List.of(), MAX_PAGE_SIZE);
    }

    public CertificateQuery withFilter(String qql) {
        return new CertificateQuery(qql, extended, sort, pageSize);
    }

    public CertificateQuery withExtendedDetails(boolean value) {
        return new CertificateQuery(filter, value, sort, pageSize);
    }

    public CertificateQuery sortedBy(List<SortKey> keys) {
        return new CertificateQuery(filter, extended, keys, pageSize);
    }

    public CertificateQuery withPageSize(int size) {
        return new CertificateQuery(filter, extended, sort, size);
    }
}
