package io.certatlas.client.error;

/**
 * A v1 list reached the most records the API pages through (10,000: pageNumber and pageSize may
 * not reach past it) and there may be more. Nothing after that point was read; the records
 * before it were delivered.
 */
public final class ResultWindowExceeded extends CertViewException {

    private final long delivered;

    public ResultWindowExceeded(String what, int window, long delivered) {
        super(what + ": v1 pages through at most " + window + " records and " + delivered + " were read; there may be"
                + " more. Narrow the filter (for example by validToDate), use the v2 API, or CertAtlas's server-side export");
        this.delivered = delivered;
    }

    public long delivered() {
        return delivered;
    }
}
