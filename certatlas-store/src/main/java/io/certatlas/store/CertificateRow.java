package io.certatlas.store;

import io.certatlas.x509.CertificateFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of the {@code certificate} table as the store writes it: the certificate's own facts
 * plus what its place in a chain tells (issuer and root certhash) and how it was found. The one
 * place that knows the column order, shared by the per-observation upsert and the bulk import.
 */
public record CertificateRow(
        CertificateFacts facts,
        Optional<String> issuerCerthash,
        Optional<String> rootCerthash,
        String source,
        Instant lastFound) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The most characters a searchable copy of a name keeps (the subject name, each alternative
     * name, the serial number and the algorithm names), followed by an ellipsis when cut. Those
     * columns are indexed, and an index entry holds at most about 2,700 bytes: a hostile peer's
     * name of kilobytes would otherwise make PostgreSQL refuse the row, and the certificate with
     * it. Real names are far shorter (RFC 5280: 64 characters for a common name; DNS names 253).
     * The certificate itself is kept whole: its DER, its subject and issuer DNs, and its
     * alternative names as the certificate lists them.
     */
    public static final int SEARCHABLE_LENGTH = 600;

    /** Column names in the order {@link #bind} and {@link #values} use. */
    public static final List<String> COLUMNS = List.of(
            "certhash", "der", "serial_number",
            "subject_dn", "subject_name", "subject_organization", "subject_organization_unit",
            "subject_locality", "subject_state", "subject_country",
            "issuer_dn", "issuer_name", "issuer_organization", "issuer_organization_unit",
            "issuer_locality", "issuer_state", "issuer_country",
            "issuer_certhash", "root_certhash", "valid_from", "valid_to",
            "public_key_algorithm", "key_size", "signature_algorithm", "self_signed", "type",
            "issuer_category", "extended_validation", "is_ca",
            "subject_alternative_names", "san_values", "key_usage", "enhanced_key_usage",
            "subject_key_identifier", "auth_key_identifier", "sources", "imported", "last_found");

    /**
     * What a known certificate takes from a new sighting: the source joins {@code sources}, the
     * chain may name its issuer and root, {@code last_found} only moves forward.
     */
    public static final String ON_CONFLICT_MERGE = """
            ON CONFLICT (certhash) DO UPDATE SET
                sources = ARRAY(SELECT DISTINCT s FROM unnest(certificate.sources || EXCLUDED.sources) s ORDER BY s),
                imported = certificate.imported OR EXCLUDED.imported,
                issuer_certhash = coalesce(EXCLUDED.issuer_certhash, certificate.issuer_certhash),
                root_certhash = coalesce(EXCLUDED.root_certhash, certificate.root_certhash),
                last_found = greatest(certificate.last_found, EXCLUDED.last_found),
                updated = now()
            """;

    public CertificateRow {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(issuerCerthash, "issuerCerthash");
        Objects.requireNonNull(rootCerthash, "rootCerthash");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lastFound, "lastFound");
    }

    /** A certificate seen alone (a file import): only a self-signed one names its issuer (itself). */
    public static CertificateRow alone(CertificateFacts facts, String source, Instant lastFound) {
        Optional<String> self = facts.selfSigned() ? Optional.of(facts.certhash()) : Optional.empty();
        return new CertificateRow(facts, self, self, source, lastFound);
    }

    /**
     * The rows of a served chain (leaf first). A certificate's issuer is the next one when that
     * one's subject is its issuer; the root is the last one when it signs itself.
     */
    public static List<CertificateRow> ofChain(List<CertificateFacts> chain, String source, Instant lastFound) {
        List<CertificateRow> rows = new ArrayList<>(chain.size());
        Optional<String> root = chain.isEmpty() || !chain.getLast().selfSigned()
                ? Optional.empty() : Optional.of(chain.getLast().certhash());
        for (int i = 0; i < chain.size(); i++) {
            CertificateFacts facts = chain.get(i);
            Optional<String> issuer;
            if (facts.selfSigned()) {
                issuer = Optional.of(facts.certhash());
            } else if (i + 1 < chain.size() && chain.get(i + 1).subject().dn().equals(facts.issuer().dn())) {
                issuer = Optional.of(chain.get(i + 1).certhash());
            } else {
                issuer = Optional.empty();
            }
            // A root is only the root of what actually chains up to it.
            boolean reachesRoot = root.isPresent() && chainsUp(chain, i);
            rows.add(new CertificateRow(facts, issuer, reachesRoot ? root : Optional.empty(), source, lastFound));
        }
        return rows;
    }

    private static boolean chainsUp(List<CertificateFacts> chain, int from) {
        for (int i = from; i + 1 < chain.size(); i++) {
            if (!chain.get(i + 1).subject().dn().equals(chain.get(i).issuer().dn())) {
                return false;
            }
        }
        return true;
    }

    /** Binds this row's {@link #COLUMNS} to parameters {@code first..first+37}. */
    public void bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int i = first;
        for (Object value : values(connection)) {
            if (value == null) {
                statement.setNull(i++, Types.CHAR);
            } else if (value instanceof Jsonb(String json)) {
                statement.setObject(i++, json, Types.OTHER);
            } else {
                statement.setObject(i++, value);
            }
        }
    }

    /** JSON for a jsonb column. */
    public record Jsonb(String json) {
    }

    /**
     * The column values, in {@link #COLUMNS} order: String, byte[], Integer, Boolean,
     * OffsetDateTime, String[] (text arrays, via the connection when given), {@link Jsonb}, or null
     * for an unknown issuer/root.
     */
    public List<Object> values(Connection connection) throws SQLException {
        CertificateFacts f = facts;
        List<Object> v = new ArrayList<>(COLUMNS.size());
        v.add(f.certhash());
        v.add(f.der());
        v.add(searchable(f.serialNumber()));
        v.add(f.subject().dn());
        v.add(searchable(f.subject().name()));
        v.add(f.subject().organization());
        v.add(textArray(connection, f.subject().organizationUnit()));
        v.add(f.subject().locality());
        v.add(f.subject().state());
        v.add(f.subject().country());
        v.add(f.issuer().dn());
        v.add(f.issuer().name());
        v.add(f.issuer().organization());
        v.add(textArray(connection, f.issuer().organizationUnit()));
        v.add(f.issuer().locality());
        v.add(f.issuer().state());
        v.add(f.issuer().country());
        v.add(issuerCerthash.orElse(null));
        v.add(rootCerthash.orElse(null));
        v.add(utc(f.validFrom()));
        v.add(utc(f.validTo()));
        v.add(searchable(f.publicKeyAlgorithm()));
        v.add(f.keySize());
        v.add(searchable(f.signatureAlgorithm()));
        v.add(f.selfSigned());
        v.add(f.type().label());
        v.add(f.issuerCategory().label());
        v.add(f.extendedValidation());
        v.add(f.ca());
        v.add(new Jsonb(sanJson(f.subjectAlternativeNames())));
        v.add(textArray(connection, sanValues(f.subjectAlternativeNames())));
        v.add(textArray(connection, f.keyUsage()));
        v.add(textArray(connection, f.enhancedKeyUsage()));
        v.add(f.subjectKeyIdentifier());
        v.add(f.authKeyIdentifier());
        v.add(textArray(connection, List.of(source)));
        v.add("IMPORT".equals(source));
        v.add(utc(lastFound));
        return v;
    }

    public static String sanJson(Map<String, List<String>> names) {
        return JSON.writeValueAsString(names);
    }

    /** Every alternative name, lower case, for search (each cut as {@link #searchable} cuts). */
    public static List<String> sanValues(Map<String, List<String>> names) {
        List<String> all = new ArrayList<>();
        names.values().forEach(list -> list.forEach(name -> all.add(searchable(name.toLowerCase(Locale.ROOT)))));
        return all;
    }

    /** {@code value}, or its first {@link #SEARCHABLE_LENGTH} characters and an ellipsis when longer. */
    public static String searchable(String value) {
        if (value.codePointCount(0, value.length()) <= SEARCHABLE_LENGTH) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, SEARCHABLE_LENGTH)) + "\u2026";
    }

    private static Object textArray(Connection connection, List<String> values) throws SQLException {
        String[] array = values.toArray(String[]::new);
        return connection == null ? array : connection.createArrayOf("text", array);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
