package io.certatlas.cli;

import io.certatlas.store.StoreException;
import io.certatlas.store.StoreUnavailableException;
import io.certatlas.store.backup.BackupSummary;
import io.certatlas.store.backup.BackupWriteException;
import io.certatlas.store.backup.StoreBackup;
import io.certatlas.store.embedded.EmbeddedPostgres;
import io.certatlas.store.embedded.EmbeddedPostgresException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas backup FILE}: one consistent snapshot of the store, and the data directory's keys, in one file. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a backup of the store and the data directory's keys to FILE.",
                "Every table, read in one consistent snapshot (serve may keep running), with the schema",
                "version, and the data directory's keys (alert-secrets.key, jwt-signing-key, metrics.token,",
                "initial-admin-password, tls/). The file is owner-only (0600) and",
                "as secret as the data directory. Exit codes: 0 written, 1 not written (FILE exists, ...),",
                "3 the store cannot be opened."})
public final class BackupCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write.")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        BackupSummary summary;
        try {
            summary = StoreBackup.write(store.location(), store.dataDirectory(), file, force,
                    EmbeddedPostgres.Settings.defaults());
        } catch (IllegalArgumentException | StoreUnavailableException | EmbeddedPostgresException e) {
            System.err.println("certatlas backup: " + e.getMessage());
            return 3;
        } catch (BackupWriteException | StoreException | UncheckedIOException e) {
            System.err.println("certatlas backup: " + e.getMessage() + " (no backup written)");
            return 1;
        }
        System.out.printf(Locale.ROOT, "backup: %d tables, %,d rows (%s of data, file %s), schema version %s, in %.1f s: %s%n",
                summary.tables(), summary.rows(), StatusCommand.bytes(summary.dataBytes()),
                StatusCommand.bytes(summary.fileBytes()), summary.schemaVersion(),
                summary.elapsed().toMillis() / 1000.0, summary.file());
        if (summary.secretFiles().isEmpty()) {
            System.out.println("backup: no keys in " + store.dataDirectory() + ": if the store's server keeps its data"
                    + " directory elsewhere, keep a copy of its alert-secrets.key (receivers' secrets need it)");
        } else {
            System.out.println("backup: with the keys of " + store.dataDirectory() + " (" + String.join(", ",
                    summary.secretFiles()) + "): keep the file as safe as the data directory itself");
        }
        return 0;
    }
}
