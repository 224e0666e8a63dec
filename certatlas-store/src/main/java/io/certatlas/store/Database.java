package io.certatlas.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.certatlas.store.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's PostgreSQL: a connection pool on a migrated schema, with a jOOQ context on it.
 * Opened on a data directory (embedded server, started or joined) or on an external JDBC URL.
 * Closing it closes the pool and stops the embedded server if this process started it.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    // Made on first use: jOOQ loads some 650 classes, about half a second of a short import
    // command's CPU on the 2-core VM, and the import writes with COPY, not through jOOQ.
    private volatile DSLContext dsl;
    private final Optional<EmbeddedPostgres> server;
    private final String description;
    // Made on first use: it holds every RSA modulus of the inventory in memory once it has checked one.
    private volatile io.certatlas.store.keys.KeyAudit keyAudit;

    // Where list, count and export reads may go besides this primary (serve --db-read-url).
    private final Optional<ReadReplica> readReplica;

    private Database(HikariDataSource dataSource, Optional<EmbeddedPostgres> server, String description,
                     Optional<ReadReplica> readReplica) {
        this.dataSource = dataSource;
        this.server = server;
        this.description = description;
        this.readReplica = readReplica;
    }

    /** Opens the store and brings its schema up to date (Flyway, classpath:db/migration). */
    public static Database open(StoreLocation location) {
        return open(location, EmbeddedPostgres.Settings.defaults());
    }

    public static Database open(StoreLocation location, EmbeddedPostgres.Settings settings) {
        return switch (location) {
            case StoreLocation.DataDirectory(var directory) -> {
                EmbeddedPostgres server = EmbeddedPostgres.start(directory, settings);
                try {
                    yield connect(server.jdbcUrl(), Optional.of(server.user()), Optional.of(server.password()),
                            Optional.of(server), "embedded PostgreSQL in " + directory + " (port " + server.port() + ")",
                            true);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            case StoreLocation.JdbcUrl url -> connect(url.url(), url.user(), url.password(), Optional.empty(),
                    url.toString(), true);
        };
    }

    /**
     * Opens the store as {@link #open(StoreLocation)} does, with a streaming replica of it that
     * list, count and export reads go to while it is reachable and within its lag bound (see
     * {@link ReadReplica}). The replica need not be up: reads go to the primary until it is.
     */
    public static Database open(StoreLocation location, ReadReplica.Settings readReplica) {
        Database primary = open(location);
        try {
            return new Database(primary.dataSource, primary.server, primary.description,
                    Optional.of(ReadReplica.open(readReplica, primary.dataSource)));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** The read replica given at open, if any. */
    public Optional<ReadReplica> readReplica() {
        return readReplica;
    }

    /** Opens a database whose schema is known to be current (a copy of a migrated template). */
    public static Database openMigrated(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, Optional.of(user), Optional.of(password), Optional.empty(), jdbcUrl, false);
    }

    /** Runs the migrations on a database without keeping a pool open. */
    public static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        MigrationInfoService info = flyway.info();
        MigrationInfo[] pending = info.pending();
        if (info.current() != null && pending.length > 0) {
            // An upgrade may rewrite every certificate row (V27: 74 s for 1,000,000),
            // and nothing answers meanwhile: say so, rather than look hung.
            LOG.warn("Upgrading the store's schema from version {} to {}; on a large inventory this takes minutes,"
                    + " and the store is ready when it is done", info.current().getVersion(),
                    pending[pending.length - 1].getVersion());
        }
        flyway.migrate();
    }

    /** How long a request waits for one of the pool's connections while all are in use. */
    public static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

    /** The pool settings every connection to the inventory's PostgreSQL (primary or read replica) shares. */
    static HikariConfig poolConfig(String url, Optional<String> user, Optional<String> password, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        // At least 8: the server's background readers (the first /metrics and overview readings,
        // alert passes) each hold a connection for seconds, and with 4 on a 2-core machine the
        // callers of a busy first minute were left one or two, and some were refused after 10 s
        // (BENCHMARKS.md, v1 API run 9).
        config.setMaximumPoolSize(Math.max(8, Runtime.getRuntime().availableProcessors() * 2));
        config.setMinimumIdle(1);
        config.setPoolName(name);
        // Plan every list statement for its own values: whether a scope's tags hold 2,500 assets
        // or 100,000 decides between walking the sort order and sorting an index's matches, and a
        // cached generic plan cannot know which (planning costs a fraction of a millisecond).
        config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        return config;
    }

    private static Database connect(String url, Optional<String> user, Optional<String> password,
                                    Optional<EmbeddedPostgres> server, String description, boolean migrate) {
        HikariConfig config = poolConfig(url, user, password, "certatlas");
        // A wrong URL or password fails here, at once, with the server's message, not at first use
        // and not after seconds of retries.
        config.setInitializationFailTimeout(1);
        // While the database is down a request waits this long for a connection, then fails as a
        // ConnectionFailure (the API answers 503 with Retry-After). Under the API load benchmarks a
        // request's whole answer took under 1.6 s at p95, waiting for a connection included.
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to the " + description + ": " + ConnectionFailure.rootMessage(e)
                    + " (check the URL, user and password: --db-url, CERTATLAS_DB_USER, CERTATLAS_DB_PASSWORD)", e);
        }
        try {
            if (migrate) {
                migrate(dataSource);
                DeferredIndexes.buildLeftovers(dataSource);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot bring the schema of the " + description + " up to date: "
                    + ConnectionFailure.rootMessage(e), e);
        }
        return new Database(dataSource, server, description, Optional.empty());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DSLContext dsl() {
        DSLContext context = dsl;
        if (context == null) {
            synchronized (this) {
                if (dsl == null) {
                    dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
                }
                context = dsl;
            }
        }
        return context;
    }

    /** How long {@link #close()} waits for a checkpoint asked for by {@link #checkpointSoon()}. */
    private static final Duration CHECKPOINT_WAIT = Duration.ofMinutes(2);
    private volatile Thread checkpointing;

    /**
     * Asks PostgreSQL, on a thread of its own, to write the buffers a bulk write left dirty while
     * this process goes on with other work; {@link #close()} waits for it. Otherwise the embedded
     * server's shutdown writes them while the command's exit waits: some 250 MB and 1.1 s after
     * an import of 100,000 certificates. Only a superuser or a member of pg_checkpoint may ask;
     * for others the shutdown writes them as before.
     */
    public void checkpointSoon() {
        checkpointing = Thread.ofPlatform().name("checkpoint").daemon().start(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                LOG.debug("no checkpoint asked for: {}", e.getMessage());
            }
        });
    }

    /** The embedded server behind this store, when there is one. */
    public Optional<EmbeddedPostgres> embeddedServer() {
        return server;
    }

    /** Messages for the operator (a port that changed, ...); empty for an external database. */
    public List<String> notices() {
        return server.map(EmbeddedPostgres::notices).orElse(List.of());
    }

    @Override
    public String toString() {
        return description;
    }

    /** The weak-key audit of this inventory, one per database (it keeps the RSA modulus population). */
    public io.certatlas.store.keys.KeyAudit keyAudit() {
        io.certatlas.store.keys.KeyAudit audit = keyAudit;
        if (audit == null) {
            synchronized (this) {
                if (keyAudit == null) {
                    keyAudit = new io.certatlas.store.keys.KeyAudit(dataSource);
                }
                audit = keyAudit;
            }
        }
        return audit;
    }

    @Override
    public void close() {
        Thread checkpoint = checkpointing;
        if (checkpoint != null) {
            try {
                checkpoint.join(CHECKPOINT_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (keyAudit != null) {
            keyAudit.close();
        }
        readReplica.ifPresent(ReadReplica::close);
        dataSource.close();
        server.ifPresent(EmbeddedPostgres::close);
    }
}
