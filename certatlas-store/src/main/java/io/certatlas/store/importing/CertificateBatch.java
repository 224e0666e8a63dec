package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.keys.CheckedKey;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes many certificate rows at once, in the caller's transaction (the caller commits). Rows
 * must have distinct certhashes. Two ways:
 * <ul>
 * <li>{@link #merge}: binary COPY into a session-temporary table, then one {@code INSERT ...
 * SELECT ... ON CONFLICT (certhash)} that merges with what is known. Right whatever is stored.
 * <li>{@link #insertNew}: binary COPY straight into {@code certificate} (and the rows' keys into
 * {@code certificate_key}), for rows that
 * {@link #known} just said are not stored. About a third cheaper for PostgreSQL (no staging
 * table to write and read back, no speculative insertion per row); a row that another writer
 * stored meanwhile makes the COPY fail with a unique violation, and the caller then rolls back
 * and merges instead.
 * </ul>
 */
public final class CertificateBatch {

    private static final String STAGING = "certificate_import";
    private static final String COPY_COLUMNS = String.join(", ", ImportRow.COLUMNS);
    // The COPY stream goes to the server in chunks of this size: a batch is never held twice in memory.
    private static final int CHUNK = 1 << 20;

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

    /** Merges {@code rows} with what is stored (staging table and ON CONFLICT); needs {@link #prepare}. */
    public static Written write(Connection c, Collection<CertificateRow> rows) throws SQLException {
        return merge(c, rows.stream().map(ImportRow::of).toList());
    }

    static Written merge(Connection c, Collection<ImportRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Written(0, 0);
        }
        copy(c, STAGING, rows);
        String columns = String.join(", ", CertificateRow.COLUMNS);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH written AS (INSERT INTO certificate (" + columns + ") SELECT "
                     + columns + " FROM " + STAGING + " " + CertificateRow.ON_CONFLICT_MERGE
                     + " RETURNING (xmax = 0) AS fresh) SELECT count(*) FILTER (WHERE fresh), count(*) FROM written")) {
            rs.next();
            return new Written(rs.getLong(1), rs.getLong(2) - rs.getLong(1));
        }
    }

    /** The certhashes of {@code rows} that the store holds already (one index probe each). */
    static Set<String> known(Connection c, Collection<ImportRow> rows) throws SQLException {
        Set<String> known = new HashSet<>();
        if (rows.isEmpty()) {
            return known;
        }
        Array hashes = c.createArrayOf("text", rows.stream().map(ImportRow::certhash).toArray(String[]::new));
        // Cast to the column's type: compared as text, the unique index on certhash would not be used.
        try (PreparedStatement s = c.prepareStatement(
                "SELECT certhash FROM certificate WHERE certhash = ANY (CAST(? AS char(64)[]))")) {
            s.setArray(1, hashes);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        } finally {
            hashes.free();
        }
        return known;
    }

    /**
     * Inserts rows that are not stored, with the key rows of those whose key was checked; fails
     * with SQLState 23505 if one is stored (see the class comment). The rows take their ids from
     * the table's sequence first, so that their key rows go by COPY as well, with no join back
     * to the certificates by certhash: that INSERT ... SELECT took 2.2 s of PostgreSQL's time in
     * an import of 100,000 (BENCHMARKS.md). COPY writes given values into an identity column.
     *
     * @return the rows inserted
     */
    static long insertNew(Connection c, List<ImportRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        long[] ids = newIds(c, rows.size());
        long inserted = copy(c, "COPY certificate (id, " + COPY_COLUMNS + ") FROM STDIN (FORMAT binary)",
                rows.size(), (out, i) -> out.add(ids[i], rows.get(i)));
        int[] keyed = IntStream.range(0, rows.size()).filter(i -> rows.get(i).key().isPresent()).toArray();
        copy(c, "COPY certificate_key (certificate_id, spki_sha256, algorithm, rsa_modulus, weaknesses, details)"
                + " FROM STDIN (FORMAT binary)", keyed.length, (out, j) -> {
                    int i = keyed[j];
                    CheckedKey key = rows.get(i).key().orElseThrow();
                    out.add(Arrays.asList(ids[i], key.spkiSha256(), key.algorithm(),
                            key.modulus().map(BigInteger::toByteArray).orElse(null), key.weaknessValues(),
                            new CertificateRow.Jsonb(key.details())));
                });
        return inserted;
    }

    private static long[] newIds(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement s = c.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence('certificate', 'id')) FROM generate_series(1, ?)")) {
            s.setInt(1, count);
            try (ResultSet rs = s.executeQuery()) {
                for (int i = 0; i < count; i++) {
                    if (!rs.next()) {
                        throw new SQLException("the certificate id sequence gave " + i + " ids of " + count);
                    }
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** One row of a COPY stream, by its position. */
    private interface RowEncoder {
        void encode(BinaryCopyRows out, int index);
    }

    private static long copy(Connection c, String table, Collection<ImportRow> rows) throws SQLException {
        List<ImportRow> list = List.copyOf(rows);
        return copy(c, "COPY " + table + " (" + COPY_COLUMNS + ") FROM STDIN (FORMAT binary)", list.size(),
                (out, i) -> out.add(list.get(i)));
    }

    private static long copy(Connection c, String sql, int count, RowEncoder rows) throws SQLException {
        if (count == 0) {
            return 0;
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            BinaryCopyRows encoded = new BinaryCopyRows();
            for (int i = 0; i < count; i++) {
                rows.encode(encoded, i);
                if (encoded.size() >= CHUNK) {
                    copy.writeToCopy(encoded.bytes(), 0, encoded.size());
                    encoded.clear();
                }
            }
            encoded.finish();
            copy.writeToCopy(encoded.bytes(), 0, encoded.size());
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
