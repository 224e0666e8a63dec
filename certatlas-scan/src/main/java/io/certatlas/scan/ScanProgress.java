package io.certatlas.scan;

/** How far a scan is: endpoints finished, endpoints planned, and TLS endpoints found so far. */
public record ScanProgress(long done, long total, long found) {
}
