package io.certatlas.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure is the database being out of reach (down, restarting, a broken connection, no
 * connection to be had in time) rather than a fault of the statement: the one kind a caller should
 * answer with "try again shortly", since the pool reconnects by itself once the server is back.
 */
public final class ConnectionFailure {

    private ConnectionFailure() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;   // the pool's "connection is not available, request timed out"
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the failure is the pool having no connection free in time while the database
     * answers: every connection busy with other work (the pool gives the last failure to connect
     * as the cause when there was one, so a cause-less timeout is a busy pool, not an absent
     * database).
     */
    public static boolean busy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null;
            }
        }
        return false;
    }

    /** The innermost cause's message: what the driver or the pool said, without the wrappers' words. */
    public static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
