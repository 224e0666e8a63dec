package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.keys.CheckedKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate on its way into the store: its columns already encoded for binary COPY (done by
 * the reader threads, in parallel), except the two links that only the single-threaded
 * {@link IssuerIndex} can fill in, and the few facts that index needs; and its public key as the
 * single-key checks found it, written beside it.
 */
record ImportRow(
        String certhash,
        byte[] fields,
        Optional<String> issuerCerthash,
        Optional<String> rootCerthash,
        boolean ca,
        String subjectDn,
        String subjectKeyIdentifier,
        String issuerDn,
        String authKeyIdentifier,
        Optional<CheckedKey> key) {

    private static final int ISSUER = CertificateRow.COLUMNS.indexOf("issuer_certhash");
    private static final int ROOT = CertificateRow.COLUMNS.indexOf("root_certhash");

    /**
     * The COPY column order: {@link CertificateRow#COLUMNS} with issuer_certhash and root_certhash
     * moved to the end, so that {@link #fields} covers every other column and stays as encoded.
     */
    static final List<String> COLUMNS;

    static {
        List<String> columns = new ArrayList<>(CertificateRow.COLUMNS);
        columns.remove("issuer_certhash");
        columns.remove("root_certhash");
        columns.add("issuer_certhash");
        columns.add("root_certhash");
        COLUMNS = List.copyOf(columns);
    }

    ImportRow {
        Objects.requireNonNull(certhash, "certhash");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(issuerCerthash, "issuerCerthash");
        Objects.requireNonNull(rootCerthash, "rootCerthash");
        Objects.requireNonNull(key, "key");
    }

    static ImportRow of(CertificateRow row) {
        List<Object> values;
        try {
            values = new ArrayList<>(row.values(null));
        } catch (SQLException e) {
            // Without a connection the values are plain Java values: nothing talks to the database.
            throw new IllegalStateException(e);
        }
        values.remove(ROOT);
        values.remove(ISSUER);
        var f = row.facts();
        return new ImportRow(f.certhash(), BinaryCopyRows.fields(values), row.issuerCerthash(), row.rootCerthash(),
                f.ca(), f.subject().dn(), f.subjectKeyIdentifier(), f.issuer().dn(), f.authKeyIdentifier(), checked(f.der()));
    }

    /** The key checked here, on a reader thread, while the DER is in hand; a check that fails is left to the audit after the import. */
    private static Optional<CheckedKey> checked(byte[] der) {
        try {
            return CheckedKey.of(der);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    ImportRow withIssuer(String issuer) {
        return new ImportRow(certhash, fields, Optional.of(issuer), rootCerthash, ca, subjectDn, subjectKeyIdentifier,
                issuerDn, authKeyIdentifier, key);
    }
}
