package io.certatlas.store.retention;

import java.time.Duration;
import java.util.Map;

/**
 * What one pruning removed (or, on a dry run, would remove): rows by kind of history, in the order
 * pruned.
 */
public record PruneReport(RetentionPolicy policy, boolean dryRun, Map<String, Long> rows, Duration took) {

    public PruneReport {
        rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }

    public long total() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
