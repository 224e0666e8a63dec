package io.certatlas.scan;

import java.time.Duration;
import java.util.Map;

/** Counts of a finished scan by outcome label ("tls", "closed", "filtered", "not_tls", failure reasons). */
public record ScanSummary(long endpoints, long tls, Map<String, Long> byOutcome, Duration elapsed, boolean interrupted) {
    public ScanSummary {
        byOutcome = Map.copyOf(byOutcome);
    }

    public double endpointsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : endpoints / seconds;
    }
}
