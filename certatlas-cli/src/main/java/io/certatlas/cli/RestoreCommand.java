package io.certatlas.cli;

import io.certatlas.store.StoreException;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.StoreUnavailableException;
import io.certatlas.store.backup.BackupFileException;
import io.certatlas.store.backup.RestoreRefusedException;
import io.certatlas.store.backup.RestoreSummary;
import io.certatlas.store.backup.StoreRestore;
import io.certatlas.store.embedded.EmbeddedPostgres;
import io.certatlas.store.embedded.EmbeddedPostgresException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code certatlas restore FILE}: a backup into an empty store, then its schema brought up to date. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup written by `certatlas backup` into an EMPTY store.",
                "The store is a new --data-dir, or with --db-url a database without CertAtlas tables or rows. The whole file is checked first; the store",
                "is then brought to the backup's schema version, loaded in one transaction, and migrated to this",
                "version's schema. The backup's keys are written only into a data directory that has none.",
                "Exit codes: 0 restored, 1 refused (damaged or newer file, store not empty), 3 the store cannot",
                "be opened."})
public final class RestoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to restore.")
    Path file;

    @Override
    public Integer call() {
        RestoreSummary summary;
        try {
            summary = StoreRestore.restore(store.location(), store.dataDirectory(), file,
                    EmbeddedPostgres.Settings.defaults());
        } catch (IllegalArgumentException | StoreUnavailableException | EmbeddedPostgresException e) {
            System.err.println("certatlas restore: " + e.getMessage());
            return 3;
        } catch (BackupFileException | RestoreRefusedException | StoreException | UncheckedIOException e) {
            System.err.println("certatlas restore: " + e.getMessage());
            return 1;
        }
        String where = switch (store.location()) {
            case StoreLocation.DataDirectory(var directory) -> "the embedded store in " + directory;
            case StoreLocation.JdbcUrl url -> url.toString();
        };
        System.out.printf(Locale.ROOT, "restore: %d tables, %,d rows (%s) at schema version %s into %s, migrated to"
                        + " version %s, in %.1f s%n", summary.tables(), summary.rows(), StatusCommand.bytes(summary.bytes()),
                summary.backupSchemaVersion(), where, summary.schemaVersion(), summary.elapsed().toMillis() / 1000.0);
        if (!summary.secretFilesWritten().isEmpty()) {
            System.out.println("restore: keys written to " + store.dataDirectory() + " (owner-only): "
                    + String.join(", ", summary.secretFilesWritten()));
        }
        if (!summary.secretFilesKept().isEmpty()) {
            System.out.println("restore: " + store.dataDirectory() + " already has keys of its own ("
                    + String.join(", ", summary.secretFilesKept()) + "), so the backup's were not written; receivers'"
                    + " secrets sealed under the backup's alert-secrets.key must be set again, or copy that key from"
                    + " the backup (files/ in the zip) before starting serve");
        }
        return 0;
    }
}
