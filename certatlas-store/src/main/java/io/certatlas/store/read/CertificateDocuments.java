package io.certatlas.store.read;

import io.certatlas.store.StatementRows;
import io.certatlas.x509.DistinguishedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Certificates as a list shows them, kept in {@code certificate_document} (migration V25), so
 * that a page reads one stored body per certificate instead of joining its instances, assets,
 * findings, interfaces and tags. The body is the server's to write and read; this class only
 * keeps it honest: a body is stored under the stamp its snapshot saw, and only while that is
 * still the certificate's stamp. Every write that changes what a certificate's body shows stamps
 * the certificate anew (the migration's triggers) and empties its body, so a body read is always
 * current for the snapshot it is read in.
 */
public final class CertificateDocuments {

    /**
     * What a snapshot holds for one certificate: its body if one is stored, the root's name when
     * the root is in the inventory, and the stamp under which a body built in this snapshot may
     * be stored.
     */
    public record Held(long certificateId, long stamp, Optional<byte[]> body, Optional<DistinguishedName> root) {}

    /** A body built in a snapshot that saw {@code stamp}, to be stored if that is still the stamp. */
    public record Built(long certificateId, long stamp, Optional<String> rootCerthash, byte[] body) {}

    private final DSLContext primary;
    private final DocumentTransactions transactions;

    /** Stores bodies on {@code primary} (where the stamps are written, also when pages are read on a replica). */
    public CertificateDocuments(DSLContext primary) {
        this(primary, new DocumentTransactions());
    }

    /** As above, noting each transaction it stores in, before it commits, in {@code transactions}. */
    public CertificateDocuments(DSLContext primary, DocumentTransactions transactions) {
        this.primary = primary;
        this.transactions = transactions;
    }

    /**
     * Stores the bodies whose certificate still has the stamp they were built under and no body
     * yet; a body whose certificate changed meanwhile (or was removed) is dropped, to be built
     * again when a page needs it. One transaction, one round trip.
     *
     * @return how many were stored
     */
    public int keep(List<Built> built) {
        if (built.isEmpty()) {
            return 0;
        }
        // One transaction: each commit gives later requests a new snapshot (see the server's DocumentedPages).
        return primary.transactionResult(transaction -> transaction.dsl().connectionResult(connection -> {
            try (PreparedStatement s = connection.prepareStatement("select txid_current()");
                 java.sql.ResultSet r = s.executeQuery()) {
                r.next();
                transactions.add(r.getLong(1));
            }
            try (PreparedStatement s = connection.prepareStatement("""
                    insert into certificate_document as d (certificate_id, stamp, root_certhash, body)
                    select ?, ?, ?, ? where exists (select 1 from certificate c where c.id = ?)
                    on conflict (certificate_id) do update set root_certhash = excluded.root_certhash, body = excluded.body
                    where d.stamp = excluded.stamp and d.body is null""")) {
                for (Built b : built) {
                    s.setLong(1, b.certificateId());
                    s.setLong(2, b.stamp());
                    if (b.rootCerthash().isPresent()) {
                        s.setString(3, b.rootCerthash().get());
                    } else {
                        s.setNull(3, Types.CHAR);
                    }
                    s.setBytes(4, b.body());
                    s.setLong(5, b.certificateId());
                    s.addBatch();
                }
                int stored = 0;
                for (int count : s.executeBatch()) {
                    stored += Math.max(count, 0);
                }
                return stored;
            }
        }));
    }

    /**
     * What the snapshot on {@code connection} holds for each of these certificates; one without
     * a document row (gone, or never read since the upgrade) has no body and stamp 0.
     */
    static Map<Long, Held> held(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, Held> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        // A plain statement, planned for each page (0.14 ms), costs half of what the PL/pgSQL
        // function of V30 did with its kept plan (0.37 against 0.70-0.75 ms for 200 bodies):
        // the function copied every body into a result set of its own before returning it (V32).
        StatementRows.forEach(connection, "select d.certificate_id, d.stamp, d.body,"
                        + " r.subject_dn, r.subject_name, r.subject_organization, r.subject_organization_unit,"
                        + " r.subject_locality, r.subject_state, r.subject_country"
                        + " from certificate_document d"
                        + " left join certificate r on r.certhash = d.root_certhash and d.body is not null"
                        + " where d.certificate_id = any(?::bigint[])",
                List.<Object>of((Object) ids.toArray(Long[]::new)), resultSet -> {
                    CertificateReader.Columns r = new CertificateReader.Columns(resultSet);
                    long id = r.longValue();
                    long stamp = r.longValue();
                    Optional<byte[]> body = Optional.ofNullable(r.bytes());
                    result.put(id, new Held(id, stamp, body, r.optionalDistinguishedName()));
                });
        for (Long id : ids) {
            result.computeIfAbsent(id, absent -> new Held(absent, 0, Optional.empty(), Optional.empty()));
        }
        return result;
    }

    /** Each of these assets' tags (kept on the asset row: what a tag scope is tested against). */
    static Map<Long, List<Long>> tagIdsOfAssets(Connection connection, List<Long> assetIds) throws SQLException {
        Map<Long, List<Long>> result = new HashMap<>();
        if (assetIds.isEmpty()) {
            return result;
        }
        StatementRows.forEach(connection, "select id, tag_ids from asset where id = any(?)",
                List.<Object>of((Object) assetIds.toArray(Long[]::new)), r -> {
                    java.sql.Array array = r.getArray(2);
                    Long[] tags = array == null ? new Long[0] : (Long[]) array.getArray();
                    result.put(r.getLong(1), List.of(tags));
                });
        return result;
    }
}
