package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.ReadReplica;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.StoreUnavailableException;
import io.certatlas.store.embedded.EmbeddedPostgresException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the inventory lives, for every command that needs it: {@code --data-dir} (the embedded
 * PostgreSQL, started or joined) or {@code --db-url} (an external PostgreSQL 14+; user and
 * password in the URL or in CERTATLAS_DB_USER / CERTATLAS_DB_PASSWORD).
 */
public final class StoreOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "CertAtlas data directory: embedded database, keys, settings (default: ~/.certatlas).")
    Optional<Path> dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Use this PostgreSQL 14+ instead of the embedded one, e.g. jdbc:postgresql://db:5432/certatlas"
                    + " (user and password in the URL or in CERTATLAS_DB_USER / CERTATLAS_DB_PASSWORD).")
    Optional<String> dbUrl;

    /** The data directory (also used with --db-url, for keys and settings). */
    public Path dataDirectory() {
        return dataDir.orElseGet(() -> Path.of(System.getProperty("user.home"), ".certatlas"))
                .toAbsolutePath().normalize();
    }

    /** The store the options name; an invalid --db-url is an IllegalArgumentException saying why. */
    public StoreLocation location() {
        if (dbUrl.isPresent()) {
            return new StoreLocation.JdbcUrl(dbUrl.get(), env("CERTATLAS_DB_USER"), env("CERTATLAS_DB_PASSWORD"));
        }
        return StoreLocation.dataDirectory(dataDirectory());
    }

    /**
     * Opens the store, printing what the operator should know (a port that moved) on stderr.
     * When the store cannot be opened the message says why and the command ends here with exit
     * code 3: nothing a command does makes sense without its store.
     */
    public Database open() {
        return open(Optional.empty());
    }

    /**
     * As {@link #open()} for commands that only read or tidy a store: a data directory that holds
     * none is refused (exit code 3) instead of becoming a new, empty store.
     */
    public Database openExisting() {
        try {
            if (location() instanceof StoreLocation.DataDirectory directory) {
                directory.requireExisting();
            }
        } catch (IllegalArgumentException | StoreUnavailableException e) {
            System.err.println("certatlas: " + e.getMessage());
            System.exit(3);
            throw e;
        }
        return open();
    }

    /** As {@link #open()}, with list, count and export reads sent to this read replica when given (serve). */
    public Database open(Optional<ReadReplica.Settings> readReplica) {
        try {
            Database database = readReplica.isPresent() ? Database.open(location(), readReplica.get())
                    : Database.open(location());
            database.notices().forEach(notice -> System.err.println("certatlas: " + notice));
            return database;
        } catch (IllegalArgumentException | EmbeddedPostgresException | StoreUnavailableException e) {
            System.err.println("certatlas: " + e.getMessage());
            System.exit(3);
            throw e;
        }
    }

    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isEmpty());
    }
}
