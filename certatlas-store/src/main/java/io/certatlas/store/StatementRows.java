package io.certatlas.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement run through JDBC, its rows read in place: for the reads on every page or request,
 * where jOOQ learning an untyped row from its metadata costs more than PostgreSQL's work.
 */
public final class StatementRows {

    private StatementRows() {
    }

    /** One row of a result, read in place. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Runs {@code sql} with {@code binds} (a {@code Long[]} goes as a bigint array) and hands each row to {@code reader}. */
    public static void forEach(Connection connection, String sql, List<Object> binds, RowReader reader) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object value : binds) {
                if (value instanceof Long[] longs) {
                    s.setArray(index++, connection.createArrayOf("bigint", longs));
                } else {
                    s.setObject(index++, value);
                }
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    reader.read(r);
                }
            }
        }
    }
}
