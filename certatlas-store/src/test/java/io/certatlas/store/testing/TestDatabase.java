package io.certatlas.store.testing;

import io.certatlas.store.Database;
import io.certatlas.store.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database for tests: ONE embedded PostgreSQL per test JVM (started on first use, its own
 * cluster in {@code target/test-postgres/jvm-<pid>}, under the directory in the system property
 * {@code certatlas.test.dataDir} when set), and for each caller a fresh, migrated, empty database copied
 * from a template migrated once per JVM ({@code CREATE DATABASE ... TEMPLATE}: tens of
 * milliseconds), so tests never see each other's rows.
 *
 * <pre>{@code
 * static Database db;
 * @BeforeAll static void open() { db = TestDatabase.fresh(); }
 * @AfterAll static void close() { db.close(); }
 * }</pre>
 */
public final class TestDatabase {

    private static final String TEMPLATE = "certatlas_template";
    private static final String PREFIX = "certatlas_test_";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** {@code -Dcertatlas.test.postgres=debian}: the same tests on Debian's PostgreSQL instead of the embedded one. */
    static final boolean ON_DEBIAN = "debian".equals(System.getProperty("certatlas.test.postgres", "embedded"));
    private static PostgresServer server;
    private static EmbeddedPostgres embedded;

    private TestDatabase() {
    }

    /**
     * The per-JVM server, started on first call (and stopped when the JVM exits): the embedded
     * PostgreSQL, or with {@code -Dcertatlas.test.postgres=debian} a cluster of Debian's
     * PostgreSQL reached only by URL and password, as an operator's external database is.
     */
    public static synchronized PostgresServer server() {
        if (server == null) {
            PostgresServer started;
            if (ON_DEBIAN) {
                DebianPostgres debian = DebianPostgres.start();
                started = new PostgresServer(debian.jdbcUrl("").replaceAll("/$", "") + "/", debian.user(), debian.password());
            } else {
                EmbeddedPostgres pg = embedded();
                started = new PostgresServer(pg.jdbcUrl("").replaceAll("/$", "") + "/", pg.user(), pg.password());
            }
            prepareTemplate(started);
            server = started;
        }
        return server;
    }

    /** The per-JVM embedded PostgreSQL, for the tests of the embedded server itself. */
    public static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            Path parent = Path.of(System.getProperty("certatlas.test.dataDir", "target/test-postgres"));
            removeClustersOfGoneJvms(parent);
            Path dir = parent.resolve("jvm-" + ProcessHandle.current().pid());
            embedded = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests());
        }
        return embedded;
    }

    /** A new empty database with the current schema; close it when the test class is done. */
    public static Database fresh() {
        PostgresServer pg = server();
        String name = freshDatabaseName(pg);
        return Database.openMigrated(pg.jdbcUrl(name), pg.user(), pg.password());
    }

    /** A new empty database with the current schema, as a JDBC URL (user and password: {@link #server()}). */
    public static String freshJdbcUrl() {
        PostgresServer pg = server();
        return pg.jdbcUrl(freshDatabaseName(pg));
    }

    private static String freshDatabaseName(PostgresServer pg) {
        String name = PREFIX + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return name;
    }

    private static void removeClustersOfGoneJvms(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith("jvm-")) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name.substring(4));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                EmbeddedPostgres.stopIfRunning(child);
                deleteTree(child);
            }
        } catch (IOException e) {
            // Left-overs only cost disk space.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void prepareTemplate(PostgresServer pg) {
        // Left-overs of earlier runs: drop what nobody uses any more (a database in use stays).
        List<String> old = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rs.next()) {
                old.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list test databases: " + e.getMessage(), e);
        }
        for (String name : old) {
            try {
                execute(pg, "DROP DATABASE IF EXISTS " + name);
            } catch (IllegalStateException inUse) {
                // Another test JVM may still use it.
            }
        }
        execute(pg, "ALTER DATABASE " + TEMPLATE + " IS_TEMPLATE false", true);
        execute(pg, "DROP DATABASE IF EXISTS " + TEMPLATE + " WITH (FORCE)");
        execute(pg, "CREATE DATABASE " + TEMPLATE);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl(TEMPLATE));
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        Database.migrate(ds);
        execute(pg, "ALTER DATABASE " + TEMPLATE + " IS_TEMPLATE true");
    }

    private static void execute(PostgresServer pg, String sql) {
        execute(pg, sql, false);
    }

    private static void execute(PostgresServer pg, String sql, boolean mayFail) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (!mayFail) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }
}
