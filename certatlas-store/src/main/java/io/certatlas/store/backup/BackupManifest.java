package io.certatlas.store.backup;

import java.util.List;
import java.util.Objects;

/**
 * What a backup file holds, written as {@code manifest.json} inside it: enough to refuse a file
 * that is not ours, was cut short or altered, or comes from a schema this build does not know,
 * before anything is written to the target.
 *
 * @param format        always {@link #FORMAT}: tells our archive from any other zip
 * @param formatVersion the layout of the archive; a reader refuses a newer one
 * @param schemaVersion Flyway's latest applied version of the store that was backed up
 * @param postgresVersion the backed-up server's {@code server_version}, for the operator
 * @param createdAt     when the snapshot was taken, ISO-8601 UTC
 */
public record BackupManifest(String format, int formatVersion, String schemaVersion, String postgresVersion,
                             String createdAt, List<TableEntry> tables, List<SequenceEntry> sequences,
                             List<FileEntry> files) {

    public static final String FORMAT = "certatlas-backup";
    public static final int FORMAT_VERSION = 1;
    public static final String ENTRY_NAME = "manifest.json";

    public BackupManifest {
        Objects.requireNonNull(format, "format");
        tables = tables == null ? List.of() : List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * One table's rows in PostgreSQL's COPY text format, in the archive as {@link #entryName()}.
     * The columns are named so that a load never depends on their order in the target.
     */
    public record TableEntry(String name, List<String> columns, long rows, long bytes, String sha256) {
        public TableEntry {
            columns = List.copyOf(columns);
        }

        public String entryName() {
            return "tables/" + name + ".copy";
        }
    }

    /** A sequence's state at backup time ({@code last_value}, {@code is_called}), set again on restore. */
    public record SequenceEntry(String name, long lastValue, boolean called) {}

    /** A file of the data directory (a key the data needs), by its path relative to that directory. */
    public record FileEntry(String path, long bytes, String sha256) {
        public String entryName() {
            return "files/" + path;
        }
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public long totalBytes() {
        return tables.stream().mapToLong(TableEntry::bytes).sum();
    }
}
