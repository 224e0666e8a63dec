package io.certatlas.store.backup;

import io.certatlas.store.StoreLocation;
import io.certatlas.store.StoreUnavailableException;
import io.certatlas.store.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A store reached as it is, without the migrations {@link io.certatlas.store.Database#open} runs:
 * a backup records the schema version it finds (a newer jar must not upgrade the store it is
 * asked to save), and a restore migrates only up to the backup's version. Plain connections, no
 * pool: each command holds one or two.
 */
final class StoreConnection implements AutoCloseable {

    private final PGSimpleDataSource dataSource;
    private final Optional<EmbeddedPostgres> server;
    private final String description;

    private StoreConnection(PGSimpleDataSource dataSource, Optional<EmbeddedPostgres> server, String description) {
        this.dataSource = dataSource;
        this.server = server;
        this.description = description;
    }

    /**
     * Opens the store; with {@code mustExist} an embedded data directory without a cluster is an
     * error instead of a new, empty store.
     */
    static StoreConnection open(StoreLocation location, EmbeddedPostgres.Settings settings, boolean mustExist) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        StoreConnection store = switch (location) {
            case StoreLocation.DataDirectory dataDirectory -> {
                if (mustExist) {
                    dataDirectory.requireExisting();
                }
                var directory = dataDirectory.directory();
                EmbeddedPostgres embedded = EmbeddedPostgres.start(directory, settings);
                dataSource.setUrl(embedded.jdbcUrl());
                dataSource.setUser(embedded.user());
                dataSource.setPassword(embedded.password());
                yield new StoreConnection(dataSource, Optional.of(embedded), "the embedded PostgreSQL in " + directory);
            }
            case StoreLocation.JdbcUrl url -> {
                dataSource.setUrl(url.url());
                url.user().ifPresent(dataSource::setUser);
                url.password().ifPresent(dataSource::setPassword);
                yield new StoreConnection(dataSource, Optional.empty(), "the " + url);
            }
        };
        try (Connection probe = store.dataSource.getConnection()) {
            probe.isValid(5);
        } catch (SQLException e) {
            store.close();
            throw new StoreUnavailableException("cannot connect to " + store.description + ": " + e.getMessage()
                    + " (check the URL, user and password: --db-url, CERTATLAS_DB_USER, CERTATLAS_DB_PASSWORD)", e);
        }
        return store;
    }

    PGSimpleDataSource dataSource() {
        return dataSource;
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Stops the embedded server if this process started it. */
    @Override
    public void close() {
        server.ifPresent(EmbeddedPostgres::close);
    }
}
