package io.certatlas.store.backup;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did: the backup's schema version and the version the store ends at (after the
 * migrations that came later), the tables, rows and bytes loaded, the data directory files
 * written, and the ones left out because the data directory already had files of its own.
 */
public record RestoreSummary(String backupSchemaVersion, String schemaVersion, int tables, long rows, long bytes,
                             List<String> secretFilesWritten, List<String> secretFilesKept, Duration elapsed) {
    public RestoreSummary {
        secretFilesWritten = List.copyOf(secretFilesWritten);
        secretFilesKept = List.copyOf(secretFilesKept);
    }
}
