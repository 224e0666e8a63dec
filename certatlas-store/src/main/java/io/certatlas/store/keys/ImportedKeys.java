package io.certatlas.store.keys;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * An import's keys, written with the certificates: in the transaction that stored them, from the
 * checks its readers ran while the DER was in hand. Reading every new certificate back to check
 * its key after the import cost more than the import itself (100,000 certificates: 12 s against
 * 14 s, BENCHMARKS.md). What needs the whole inventory is left to {@link KeyAudit#auditImported}.
 */
public final class ImportedKeys {

    private ImportedKeys() {
    }

    /**
     * Writes the key rows of certificates just stored, by certhash; a certificate that already has
     * its key row keeps it. Returns the rows written.
     */
    public static int insert(Connection c, Map<String, CheckedKey> byCerthash) throws SQLException {
        if (byCerthash.isEmpty()) {
            return 0;
        }
        int n = byCerthash.size();
        String[] certhashes = new String[n];
        String[] spkis = new String[n];
        String[] algorithms = new String[n];
        byte[][] moduli = new byte[n][];
        String[] weaknesses = new String[n];
        String[] details = new String[n];
        int i = 0;
        for (Map.Entry<String, CheckedKey> e : byCerthash.entrySet()) {
            CheckedKey key = e.getValue();
            certhashes[i] = e.getKey();
            spkis[i] = key.spkiSha256();
            algorithms[i] = key.algorithm();
            moduli[i] = key.modulus().map(BigInteger::toByteArray).orElse(null);
            weaknesses[i] = CheckedKey.weaknessList(key.problems());
            details[i] = CheckedKey.detailsJson(key.problems());
            i++;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO certificate_key (certificate_id, spki_sha256, algorithm, rsa_modulus, weaknesses, details, audited)
                SELECT cert.id, u.spki, u.algorithm, u.modulus, coalesce(string_to_array(nullif(u.weaknesses, ''), ','), '{}'),
                       u.details::jsonb, now()
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[])
                       AS u(certhash, spki, algorithm, modulus, weaknesses, details)
                  -- Cast to the column's type: compared as text, the unique index on certhash would not be used.
                  JOIN certificate cert ON cert.certhash = u.certhash::char(64)
                ON CONFLICT (certificate_id) DO NOTHING""")) {
            s.setArray(1, c.createArrayOf("text", certhashes));
            s.setArray(2, c.createArrayOf("text", spkis));
            s.setArray(3, c.createArrayOf("text", algorithms));
            s.setArray(4, c.createArrayOf("bytea", moduli));
            s.setArray(5, c.createArrayOf("text", weaknesses));
            s.setArray(6, c.createArrayOf("text", details));
            return s.executeUpdate();
        }
    }
}
