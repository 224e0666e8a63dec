package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes many certificate rows at once: binary COPY into a session-temporary table, then one
 * {@code INSERT ... SELECT ... ON CONFLICT (certhash)} that merges with what is known. Runs in
 * the caller's transaction; the caller commits. Rows must have distinct certhashes.
 */
public final class CertificateBatch {

    private static final String STAGING = "certificate_import";

    /** How many rows of a batch were new and how many were known already. */
    public record Written(long newCertificates, long alreadyKnown) {
    }

    private CertificateBatch() {
    }

    /** Creates the staging table on this connection (emptied at every commit). Call once per connection. */
    public static void prepare(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp." + STAGING);
            s.execute("CREATE TEMP TABLE " + STAGING + " ON COMMIT DELETE ROWS AS SELECT "
                    + String.join(", ", CertificateRow.COLUMNS) + " FROM certificate WITH NO DATA");
        }
    }

    /** Drops the staging table, so a pooled connection goes back clean. */
    public static void release(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pg_temp." + STAGING);
        }
    }

    public static Written write(Connection c, Collection<CertificateRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Written(0, 0);
        }
        BinaryCopyRows encoded = new BinaryCopyRows();
        for (CertificateRow row : rows) {
            encoded.add(row.values(null));
        }
        encoded.finish();
        String columns = String.join(", ", CertificateRow.COLUMNS);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + STAGING + " (" + columns + ") FROM STDIN (FORMAT binary)");
        try {
            copy.writeToCopy(encoded.bytes(), 0, encoded.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH written AS (INSERT INTO certificate (" + columns + ") SELECT "
                     + columns + " FROM " + STAGING + " " + CertificateRow.ON_CONFLICT_MERGE
                     + " RETURNING (xmax = 0) AS fresh) SELECT count(*) FILTER (WHERE fresh), count(*) FROM written")) {
            rs.next();
            return new Written(rs.getLong(1), rs.getLong(2) - rs.getLong(1));
        }
    }
}
