package io.certatlas.client;

import java.util.Objects;

/**
 * The assets of one certificate ({@code POST /certview/v1/certificates/{certhash}/assets}): an
 * asset filter in the grouped QQL form ({@code asset:(name:web*)}, "" for all), whether to
 * include tags and host instances, and the page size (1..200).
 */
public record AssetQuery(String filter, boolean tags, boolean hostInstances, int pageSize) {

    public AssetQuery {
        Objects.requireNonNull(filter, "filter");
        if (pageSize < 1 || pageSize > CertificateQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1.." + CertificateQuery.MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    /** Every asset with its tags and host instances: what a v1 certificate list carries per asset. */
    public static AssetQuery all() {
        return new AssetQuery("", true, true, CertificateQuery.MAX_PAGE_SIZE);
    }

    public AssetQuery withFilter(String qql) {
        return new AssetQuery(qql, tags, hostInstances, pageSize);
    }
}
