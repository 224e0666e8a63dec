package io.certatlas.store.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What a backup wrote: the file, its schema version, the tables and rows in it, its size on disk, the secret files. */
public record BackupSummary(Path file, String schemaVersion, int tables, long rows, long dataBytes, long fileBytes,
                            List<String> secretFiles, Duration elapsed) {
    public BackupSummary {
        secretFiles = List.copyOf(secretFiles);
    }
}
