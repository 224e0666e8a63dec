package io.certatlas.scan;

/**
 * Hears about a scan as it runs. The scanner calls a listener from one thread at a time (calls
 * are serialised), so an implementation needs no locking of its own; it should return quickly.
 */
public interface ScanListener {

    /** One endpoint finished; called once per endpoint of the plan. */
    default void onResult(EndpointReport report) {
    }

    /** Called after every result. */
    default void onProgress(ScanProgress progress) {
    }

    static ScanListener none() {
        return new ScanListener() {
        };
    }
}
