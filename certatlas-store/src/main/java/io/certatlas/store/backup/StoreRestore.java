package io.certatlas.store.backup;

import io.certatlas.store.Database;
import io.certatlas.store.StoreException;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Restores a backup into an empty store, and upgrades it: the file is checked whole first (a
 * foreign, cut-short, altered or newer file leaves the target as it was); the target must hold no
 * rows; it is migrated up to exactly the backup's schema version; every table is loaded in one
 * transaction with triggers and foreign-key checks off ({@code session_replication_role =
 * replica}), so the tables that triggers keep (counts, scope tags, reach) come back as they were
 * instead of being counted again; the sequences are set past every restored id; then the
 * migrations that came after the backup run, as at any start. The data directory's secret files
 * are written only into a data directory that holds none of its own.
 */
public final class StoreRestore {

    private StoreRestore() {}

    public static RestoreSummary restore(StoreLocation location, Path dataDirectory, Path file,
                                         EmbeddedPostgres.Settings settings) {
        long start = System.nanoTime();
        try (BackupArchive archive = BackupArchive.open(file.toAbsolutePath().normalize())) {
            BackupManifest manifest = archive.manifest();
            MigrationVersion version = archive.schemaVersion();
            requireKnown(version, manifest.schemaVersion());
            archive.verify();
            try (StoreConnection store = StoreConnection.open(location, settings, false)) {
                try (Connection c = store.connect()) {
                    requireEmpty(c, store, Optional.of(version));
                }
                try {
                    SchemaMigrations.migrateTo(store.dataSource(), version);
                } catch (FlywayException e) {
                    throw new StoreException("cannot create the schema at the backup's version " + manifest.schemaVersion()
                            + " in " + store + ": " + e.getMessage() + " (no rows were restored)", e);
                }
                try (Connection c = store.connect()) {
                    String reached = SchemaCatalog.schemaVersion(c).orElse("none");
                    if (!MigrationVersion.fromVersion(reached).equals(version)) {
                        throw new StoreException("the store was migrated to schema version " + reached + " instead of the"
                                + " backup's " + manifest.schemaVersion() + "; nothing was restored", null);
                    }
                    load(c, store, archive);
                }
                try {
                    Database.migrate(store.dataSource());
                } catch (FlywayException e) {
                    throw new StoreException("the backup was restored at schema version " + manifest.schemaVersion()
                            + ", but the later migrations failed: " + e.getMessage() + " (the next start of serve"
                            + " tries them again)", e);
                }
                String current;
                try (Connection c = store.connect()) {
                    current = SchemaCatalog.schemaVersion(c).orElse("none");
                }
                List<String> kept = DataDirectorySecrets.present(dataDirectory);
                List<String> written = kept.isEmpty() ? writeSecrets(archive, dataDirectory) : List.of();
                return new RestoreSummary(manifest.schemaVersion(), current, manifest.tables().size(),
                        manifest.totalRows(), manifest.totalBytes(), written,
                        manifest.files().isEmpty() ? List.of() : kept, Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (SQLException e) {
            throw new StoreException("the restore failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the restore failed reading " + file + ": " + e.getMessage(), e);
        }
    }

    /** The backup's data directory keys, into a data directory that has none of its own. */
    private static List<String> writeSecrets(BackupArchive archive, Path dataDirectory) throws IOException {
        List<String> written = new ArrayList<>();
        for (BackupManifest.FileEntry secret : archive.manifest().files()) {
            DataDirectorySecrets.write(dataDirectory, secret.path(), archive.secret(secret));
            written.add(secret.path());
        }
        return written;
    }

    private static void requireKnown(MigrationVersion version, String text) {
        List<MigrationVersion> known = SchemaMigrations.known();
        MigrationVersion latest = known.getLast();
        if (version.isNewerThan(latest.getVersion())) {
            throw new BackupFileException("the backup comes from a newer CertAtlas: its schema version is " + text
                    + ", this build knows versions up to " + latest + "; restore it with that CertAtlas or a later one");
        }
        if (!known.contains(version)) {
            throw new BackupFileException("the backup's schema version " + text + " is not one this build's migrations"
                    + " define (" + known.stream().map(MigrationVersion::toString).collect(Collectors.joining(", ")) + ")");
        }
    }

    /**
     * Refuses a target that is not empty: tables that are not CertAtlas's, rows in any table, or
     * (when {@code backupVersion} is given) a schema newer than the backup's, which cannot be
     * taken back to it.
     */
    private static void requireEmpty(Connection c, StoreConnection store, Optional<MigrationVersion> backupVersion)
            throws SQLException {
        List<SchemaCatalog.Table> tables = SchemaCatalog.tables(c);
        if (!SchemaCatalog.hasFlywayHistory(c)) {
            if (!tables.isEmpty()) {
                throw new RestoreRefusedException(store + " holds tables that are not CertAtlas's ("
                        + names(tables) + "): restore only into an empty database, or a new --data-dir");
            }
            return;
        }
        Set<String> filledByMigrations = SchemaMigrations.tablesFilledByMigrations();
        List<String> withRows = new ArrayList<>();
        for (SchemaCatalog.Table table : tables) {
            if (!filledByMigrations.contains(table.name()) && SchemaCatalog.hasRows(c, table.name())) {
                withRows.add(table.name());
            }
        }
        if (!withRows.isEmpty()) {
            throw new RestoreRefusedException(store + " is not empty: it holds rows in " + String.join(", ", withRows)
                    + ". A restore never mixes its rows with others: restore into a new --data-dir or an empty"
                    + " database (nothing was changed)");
        }
        if (backupVersion.isPresent()) {
            Optional<String> current = SchemaCatalog.schemaVersion(c);
            if (current.isPresent() && MigrationVersion.fromVersion(current.get()).isNewerThan(backupVersion.get().getVersion())) {
                throw new RestoreRefusedException(store + " is empty but already at schema version " + current.get()
                        + ", newer than the backup's " + backupVersion.get() + ", and cannot be taken back to it:"
                        + " restore into a new --data-dir or a database with no tables (nothing was changed)");
            }
        }
    }

    private static void load(Connection c, StoreConnection store, BackupArchive archive) throws SQLException, IOException {
        BackupManifest manifest = archive.manifest();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
            } catch (SQLException e) {
                throw new RestoreRefusedException("the database user may not turn triggers off for the load"
                        + " (SET session_replication_role: " + e.getMessage() + "): restore as a superuser, or, on"
                        + " PostgreSQL 15 or later, GRANT SET ON PARAMETER session_replication_role TO the user");
            }
            Map<String, SchemaCatalog.Table> target = SchemaCatalog.tables(c).stream()
                    .collect(Collectors.toMap(SchemaCatalog.Table::name, Function.identity()));
            if (!target.isEmpty()) {
                try (Statement s = c.createStatement()) {
                    // No other session writes between the check below and the commit.
                    s.execute("LOCK TABLE " + target.keySet().stream().map(SchemaCatalog::quote)
                            .collect(Collectors.joining(", ")) + " IN ACCESS EXCLUSIVE MODE");
                }
            }
            requireEmpty(c, store, Optional.empty());
            for (BackupManifest.TableEntry entry : manifest.tables()) {
                SchemaCatalog.Table table = target.get(entry.name());
                if (table == null || !new HashSet<>(table.columns()).equals(new HashSet<>(entry.columns()))) {
                    throw new BackupFileException("the backup's table " + entry.name() + " " + entry.columns()
                            + " does not match schema version " + manifest.schemaVersion() + " of this build ("
                            + (table == null ? "no such table" : table.columns().toString()) + "); nothing was restored");
                }
            }
            // Only the migrations' own rows are left (checked above); the backup's replace them.
            Set<String> filledByMigrations = SchemaMigrations.tablesFilledByMigrations();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (BackupManifest.TableEntry entry : manifest.tables()) {
                if (filledByMigrations.contains(entry.name())) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DELETE FROM " + SchemaCatalog.quote(entry.name()));
                    }
                }
                SchemaCatalog.Table table = new SchemaCatalog.Table(entry.name(), false, entry.columns());
                long rows;
                try (InputStream in = archive.table(entry)) {
                    rows = copy.copyIn(table.copyInSql(), in);
                }
                if (rows != entry.rows()) {
                    throw new BackupFileException("the backup's table " + entry.name() + " loaded " + rows
                            + " rows, its manifest says " + entry.rows() + "; nothing was restored");
                }
            }
            setSequences(c, manifest.sequences());
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** Each sequence as it was, and in any case past the largest id its column holds. */
    private static void setSequences(Connection c, List<BackupManifest.SequenceEntry> sequences) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("SELECT setval(to_regclass(?), ?, ?) WHERE to_regclass(?) IS NOT NULL")) {
            for (BackupManifest.SequenceEntry sequence : sequences) {
                String name = SchemaCatalog.quote(sequence.name());
                set.setString(1, name);
                set.setLong(2, sequence.lastValue());
                set.setBoolean(3, sequence.called());
                set.setString(4, name);
                set.executeQuery().close();
            }
        }
        for (SchemaCatalog.OwnedSequence owned : SchemaCatalog.ownedSequences(c)) {
            String sequence = SchemaCatalog.quote(owned.sequence());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT setval('" + sequence.replace("'", "''") + "', m, true) FROM (SELECT max("
                            + SchemaCatalog.quote(owned.column()) + ") AS m FROM " + SchemaCatalog.quote(owned.table())
                            + ") x, " + sequence + " q WHERE m IS NOT NULL AND m >= q.last_value")) {
                rs.next();
            }
        }
    }

    private static String names(List<SchemaCatalog.Table> tables) {
        return tables.stream().map(SchemaCatalog.Table::name).limit(10).collect(Collectors.joining(", "))
                + (tables.size() > 10 ? ", ..." : "");
    }
}
