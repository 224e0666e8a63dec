package io.certatlas.store.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Proof that a scan-job worker is alive: a PostgreSQL session holding an advisory lock keyed by
 * the worker's name for as long as the worker runs. PostgreSQL drops the lock when the session
 * ends, which a crashed or killed process's session does at once; so whether a worker is alive is
 * one try of its lock ({@link ScanJobQueue#requeueOrphaned()}), with nothing written while it runs
 * (periodic writes would change the inventory's snapshot and empty the API's page cache).
 */
public final class RunnerLiveness implements AutoCloseable {

    /** The advisory lock key of a worker name, as SQL over the parameter or column given. */
    static String key(String nameExpression) {
        return "hashtextextended('certatlas scan worker ' || " + nameExpression + ", 0)";
    }

    private final DataSource dataSource;
    private final String worker;
    private Optional<Connection> session = Optional.empty();

    private RunnerLiveness(DataSource dataSource, String worker) {
        this.dataSource = dataSource;
        this.worker = worker;
    }

    /** Takes the worker's lock on a session of its own, kept until {@link #close()}. */
    public static RunnerLiveness hold(DataSource dataSource, String worker) {
        RunnerLiveness liveness = new RunnerLiveness(dataSource, worker);
        liveness.ensureHeld();
        return liveness;
    }

    /**
     * Takes the lock again on a new session when the one holding it was lost (the database
     * restarted, the connection broke): until then other servers may see the worker as dead.
     *
     * @throws IllegalStateException when the database cannot be reached
     */
    public synchronized void ensureHeld() {
        if (session.isPresent()) {
            try {
                if (session.get().isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                // Treated as lost: a new session takes the lock.
            }
            closeSession();
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(" + key("?") + ")")) {
                lock.setString(1, worker);
                lock.execute();
            }
            session = Optional.of(connection);
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // The session is gone either way.
                }
            }
            throw new IllegalStateException("cannot hold the scan worker's liveness lock: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        closeSession();
    }

    private void closeSession() {
        session.ifPresent(connection -> {
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(" + key("?") + ")")) {
                unlock.setString(1, worker);
                unlock.execute();
            } catch (SQLException e) {
                // Closing the session below drops the lock anyway.
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Pooled: the pool discards a broken connection.
            }
        });
        session = Optional.empty();
    }
}
