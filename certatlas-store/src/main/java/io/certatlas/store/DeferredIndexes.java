package io.certatlas.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's secondary indexes set aside while a large import fills it, and built again once the
 * rows are in: PostgreSQL builds an index from sorted rows in a fraction of what it spends
 * maintaining it row by row (BENCHMARKS.md, import). Unique indexes stay, since writers rely on
 * them to find rows already stored.
 *
 * <p>Each dropped index is listed in {@code deferred_index} in the transaction that drops it, and
 * unlisted in the transaction that builds it again, so a stop at any moment leaves every index
 * either in place or listed. Whoever deferred them holds an advisory lock on a session of its own
 * until they are built; a session that dies drops the lock, and the next store to open builds
 * what is still listed ({@link #buildLeftovers}).
 */
public final class DeferredIndexes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredIndexes.class);

    private static final String KEY = "hashtextextended('certatlas deferred indexes', 0)";
    private static final Pattern TABLE = Pattern.compile("[a-z_]+");
    /** How long dropping may wait for readers of the table; a busy table keeps its indexes. */
    private static final String LOCK_WAIT = "2s";
    /** Memory for each build: GIN builds in particular flush far less often with more. */
    private static final String BUILD_MEMORY = "256MB";
    /** Sessions that build at once: PostgreSQL builds one index on one core (GIN in 17). */
    private static final int BUILDERS = 2;

    private final DataSource dataSource;
    private final Connection session;
    private final String table;
    private final int count;
    private boolean open = true;

    private DeferredIndexes(DataSource dataSource, Connection session, String table, int count) {
        this.dataSource = dataSource;
        this.session = session;
        this.table = table;
        this.count = count;
    }

    /**
     * Drops the secondary indexes of {@code table} when it holds at most {@code mostRows} rows,
     * no other import has deferred them, and no reader holds the table for long.
     *
     * @return the deferral, to {@link #build()} once the rows are in; empty when the indexes stay
     */
    public static Optional<DeferredIndexes> defer(DataSource dataSource, String table, long mostRows) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        Connection session = null;
        try {
            session = dataSource.getConnection();
            session.setAutoCommit(true);
            if (!tryLock(session)) {
                session.close();
                return Optional.empty();
            }
            session.setAutoCommit(false);
            List<String> names = new ArrayList<>();
            try (Statement s = session.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT + "'");
                if (exists(s, "select 1 from deferred_index")
                        || exists(s, "select 1 from " + table + " offset " + Math.max(0, mostRows) + " limit 1")) {
                    release(session);
                    return Optional.empty();
                }
            }
            try (PreparedStatement list = session.prepareStatement(
                    "insert into deferred_index (name, table_name, definition)"
                            + " select ic.relname, ?, pg_get_indexdef(i.indexrelid)"
                            + " from pg_index i join pg_class ic on ic.oid = i.indexrelid"
                            + " where i.indrelid = to_regclass(?) and not i.indisunique and not i.indisprimary"
                            + " and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)"
                            + " returning name")) {
                list.setString(1, table);
                list.setString(2, table);
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = session.createStatement()) {
                for (String name : names) {
                    s.execute("DROP INDEX " + quoted(name));
                }
            }
            session.commit();
            session.setAutoCommit(true);
            LOG.debug("deferred {} indexes of {} until the import's rows are in", names.size(), table);
            return Optional.of(new DeferredIndexes(dataSource, session, table, names.size()));
        } catch (SQLException e) {
            // Most often the lock wait: someone reads the table. The import goes on with its indexes.
            LOG.debug("the indexes of {} stay during the import: {}", table, e.getMessage());
            if (session != null) {
                release(session);
            }
            return Optional.empty();
        }
    }

    /** How many indexes were set aside. */
    public int count() {
        return count;
    }

    /**
     * Builds the indexes again. Each build records the table's size for the planner; its column
     * statistics are left to autovacuum, which counts the import's rows as changes (an ANALYZE
     * of 100,000 fresh certificates took 1.9 s, a tenth of the whole import).
     */
    public void build() {
        if (!open) {
            return;
        }
        try {
            buildListed(dataSource);
        } finally {
            open = false;
            release(session);
        }
    }

    /** Builds the indexes if {@link #build()} was not called; a failure is left for the next store's open. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        try {
            build();
        } catch (RuntimeException e) {
            LOG.warn("the {} indexes set aside on {} during the import could not be built again ({}); the next"
                    + " start of CertAtlas on this database builds them", count, table, e.getMessage());
        }
    }

    /**
     * Builds the indexes that an import stopped before building (killed, its connection lost),
     * unless that import is still alive. Called when a store opens.
     *
     * @return how many were built
     */
    public static int buildLeftovers(DataSource dataSource) {
        try (Connection session = dataSource.getConnection()) {
            session.setAutoCommit(true);
            if (!tryLock(session)) {
                return 0;
            }
            try {
                int listed;
                try (Statement s = session.createStatement();
                     ResultSet rs = s.executeQuery("select count(*) from deferred_index")) {
                    rs.next();
                    listed = rs.getInt(1);
                }
                if (listed > 0) {
                    LOG.warn("building {} indexes that an interrupted import left out (this takes a while on a large"
                            + " inventory)", listed);
                    buildListed(dataSource);
                }
                return listed;
            } finally {
                unlock(session);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot build the indexes an interrupted import left out: " + e.getMessage(), e);
        }
    }

    private record Listed(String name, String definition) {
    }

    private static void buildListed(DataSource dataSource) {
        ConcurrentLinkedQueue<Listed> queue = new ConcurrentLinkedQueue<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             // The trigram and array indexes first: they take longest, so the builders end together.
             ResultSet rs = s.executeQuery("select name, definition from deferred_index"
                     + " order by (definition like '% USING gin %') desc, name")) {
            while (rs.next()) {
                queue.add(new Listed(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the list of deferred indexes: " + e.getMessage(), e);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> builders = new ArrayList<>();
        for (int i = 0; i < Math.min(BUILDERS, queue.size()); i++) {
            builders.add(Thread.ofPlatform().name("index-build-" + i).daemon().start(() -> {
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    for (Listed listed; failure.get() == null && (listed = queue.poll()) != null; ) {
                        buildOne(c, listed);
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : builders) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while building indexes", e);
            }
        }
        if (failure.get() != null) {
            throw new StoreException("cannot build an index again: " + failure.get().getMessage(), failure.get());
        }
    }

    private static void buildOne(Connection c, Listed listed) throws SQLException {
        try (Statement s = c.createStatement();
             PreparedStatement unlist = c.prepareStatement("delete from deferred_index where name = ?")) {
            s.execute("SET LOCAL maintenance_work_mem = '" + BUILD_MEMORY + "'");
            boolean present;
            try (PreparedStatement p = c.prepareStatement("select to_regclass(?) is not null")) {
                p.setString(1, quoted(listed.name()));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    present = rs.getBoolean(1);
                }
            }
            if (!present) {
                s.execute(listed.definition());
            }
            unlist.setString(1, listed.name());
            unlist.executeUpdate();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static boolean tryLock(Connection session) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void unlock(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("select pg_advisory_unlock(" + KEY + ")");
        }
    }

    /** Ends the session's transaction, drops the lock and gives the connection back. */
    private static void release(Connection session) {
        try {
            if (!session.getAutoCommit()) {
                session.rollback();
                session.setAutoCommit(true);
            }
            unlock(session);
        } catch (SQLException e) {
            LOG.debug("the deferred-index lock's session ended on its own: {}", e.getMessage());
        } finally {
            try {
                session.close();
            } catch (SQLException ignored) {
                // Pooled: a broken connection is discarded, and its lock with it.
            }
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
