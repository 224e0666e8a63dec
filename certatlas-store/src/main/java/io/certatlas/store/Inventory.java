package io.certatlas.store;

import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records observations: each one in one transaction, as idempotent upserts, so that recording
 * the same observation twice changes nothing but {@code last_found} and {@code updated}, and two
 * recorders racing on the same asset or certificate both succeed.
 *
 * <p>Rows are locked in one fixed order (certificates by certhash, then the asset, its
 * interface, the instance, its chain, its findings) so racing transactions queue instead of
 * deadlocking; a deadlock or serialization failure that happens anyway is retried.
 */
public final class Inventory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 4;

    private final Database database;

    public Inventory(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The weak-key audit of this inventory's database: recording an observation runs it. */
    public io.certatlas.store.keys.KeyAudit keyAudit() {
        return database.keyAudit();
    }

    /** What recording one observation did. */
    public record Recorded(
            List<Long> certificateIds,
            int newCertificates,
            Optional<Long> assetId,
            Optional<Long> instanceId,
            int openedFindings,
            int fixedFindings) {
        public Recorded {
            certificateIds = List.copyOf(certificateIds);
        }
    }

    /** Stores one observation in one transaction. */
    public Recorded record(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        if (observation.instance().isEmpty() && !observation.findings().isEmpty()) {
            throw new IllegalArgumentException("findings belong to an instance: an observation with "
                    + observation.findings().size() + " finding(s) needs its instance (asset, protocol and port)");
        }
        // Key findings (issue 23) travel in the observation, so that recording it keeps them open;
        // the key audit runs once the observation's connection is back in the pool.
        Recorded recorded = recordInTransaction(KeyHook.withKeyFindings(database, observation));
        KeyHook.recorded(database, recorded);
        return recorded;
    }

    private Recorded recordInTransaction(Observation withKeys) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    Recorded recorded = record(c, withKeys);
                    c.commit();
                    return recorded;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                boolean transientConflict = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!transientConflict || attempt >= ATTEMPTS) {
                    throw new StoreException("could not record the observation of " + describe(withKeys)
                            + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static String describe(Observation o) {
        String where = o.asset().map(a -> !a.address().isEmpty() ? a.address() : !a.hostname().isEmpty() ? a.hostname() : a.wasUrl())
                .orElse("no asset");
        return where + o.instance().map(i -> ":" + i.port()).orElse("");
    }

    private Recorded record(Connection c, Observation o) throws SQLException {
        Instant at = o.observedAt();
        // A chain may hold the same certificate twice; it is served once, at its first position.
        Map<String, Integer> positions = new LinkedHashMap<>();
        List<CertificateRow> rows = CertificateRow.ofChain(o.chain(), o.source(), at);
        for (int i = 0; i < rows.size(); i++) {
            positions.putIfAbsent(rows.get(i).facts().certhash(), i);
        }
        List<CertificateRow> ordered = positions.values().stream().map(rows::get)
                .sorted(Comparator.comparing(r -> r.facts().certhash())).toList();
        Map<String, Long> ids = new LinkedHashMap<>();
        int fresh = 0;
        String insert = "INSERT INTO certificate (" + String.join(", ", CertificateRow.COLUMNS) + ") VALUES ("
                + CertificateRow.COLUMNS.stream().map(x -> "?").collect(Collectors.joining(", ")) + ") "
                + CertificateRow.ON_CONFLICT_MERGE + " RETURNING id, (xmax = 0) AS inserted";
        try (PreparedStatement s = c.prepareStatement(insert)) {
            for (CertificateRow row : ordered) {
                row.bind(c, s, 1);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    ids.put(row.facts().certhash(), rs.getLong(1));
                    fresh += rs.getBoolean(2) ? 1 : 0;
                }
            }
        }
        List<Long> chainIds = positions.keySet().stream().map(ids::get).toList();
        if (o.asset().isEmpty()) {
            return new Recorded(chainIds, fresh, Optional.empty(), Optional.empty(), 0, 0);
        }
        long assetId = upsertAsset(c, o.asset().get());
        if (o.instance().isEmpty()) {
            return new Recorded(chainIds, fresh, Optional.of(assetId), Optional.empty(), 0, 0);
        }
        long instanceId = upsertInstance(c, assetId, o.instance().get(), at);
        recordChain(c, instanceId, positions, ids, at);
        int[] findings = recordFindings(c, instanceId, o.findings(), at);
        return new Recorded(chainIds, fresh, Optional.of(assetId), Optional.of(instanceId), findings[0], findings[1]);
    }

    /** The identity an asset is known by: its address, else its host name, else its URL. */
    public static String identityOf(ObservedAsset asset) {
        if (!asset.address().isEmpty()) {
            return "ip:" + asset.address().toLowerCase(Locale.ROOT);
        }
        if (!asset.hostname().isEmpty()) {
            return "host:" + asset.hostname().toLowerCase(Locale.ROOT);
        }
        return "url:" + asset.wasUrl();
    }

    private static long upsertAsset(Connection c, ObservedAsset a) throws SQLException {
        String hostname = a.hostname().toLowerCase(Locale.ROOT);
        String name = !hostname.isEmpty() ? hostname : !a.address().isEmpty() ? a.address() : a.wasUrl();
        long id;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO asset (uuid, identity, name, netbios_name, operating_system, was_url, primary_ip)
                VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, ?::inet)
                ON CONFLICT (identity) DO UPDATE SET
                    -- a bare address never replaces a host name learnt earlier
                    name = CASE WHEN EXCLUDED.name = coalesce(host(asset.primary_ip), '') AND asset.name <> ''
                                THEN asset.name ELSE EXCLUDED.name END,
                    netbios_name = CASE WHEN EXCLUDED.netbios_name = '' THEN asset.netbios_name ELSE EXCLUDED.netbios_name END,
                    operating_system = CASE WHEN EXCLUDED.operating_system = '' THEN asset.operating_system ELSE EXCLUDED.operating_system END,
                    was_url = CASE WHEN EXCLUDED.was_url = '' THEN asset.was_url ELSE EXCLUDED.was_url END,
                    primary_ip = coalesce(EXCLUDED.primary_ip, asset.primary_ip),
                    updated = now()
                RETURNING id
                """)) {
            s.setString(1, identityOf(a));
            s.setString(2, name);
            s.setString(3, a.netbiosName());
            s.setString(4, a.operatingSystem());
            s.setString(5, a.wasUrl());
            if (a.address().isEmpty()) {
                s.setNull(6, Types.VARCHAR);
            } else {
                s.setString(6, a.address());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("22P02".equals(e.getSQLState())) {
                throw new IllegalArgumentException("the asset address \"" + a.address()
                        + "\" is not an IPv4 or IPv6 address: give the address alone, without port or brackets", e);
            }
            throw e;
        }
        if (!hostname.isEmpty() || !a.address().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO asset_interface (asset_id, hostname, address) VALUES (?, ?, ?::inet)
                    ON CONFLICT (asset_id, hostname, (coalesce(host(address), ''))) DO NOTHING
                    """)) {
                s.setLong(1, id);
                s.setString(2, hostname);
                if (a.address().isEmpty()) {
                    s.setNull(3, Types.VARCHAR);
                } else {
                    s.setString(3, a.address());
                }
                s.executeUpdate();
            }
        }
        return id;
    }

    private static long upsertInstance(Connection c, long assetId, ObservedInstance i, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO host_instance (asset_id, protocol, port, fqdn, service, ssl_protocols, cipher_suites,
                                           grade, grade_with_trust_ignored, grade_summary, scanned, last_found)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (asset_id, protocol, port, fqdn) DO UPDATE SET
                    service = CASE WHEN EXCLUDED.service = '' THEN host_instance.service ELSE EXCLUDED.service END,
                    ssl_protocols = EXCLUDED.ssl_protocols,
                    cipher_suites = EXCLUDED.cipher_suites,
                    grade = EXCLUDED.grade,
                    grade_with_trust_ignored = EXCLUDED.grade_with_trust_ignored,
                    grade_summary = EXCLUDED.grade_summary,
                    scanned = greatest(host_instance.scanned, EXCLUDED.scanned),
                    last_found = greatest(host_instance.last_found, EXCLUDED.last_found),
                    updated = now()
                RETURNING id
                """)) {
            s.setLong(1, assetId);
            s.setString(2, i.protocol().toLowerCase(Locale.ROOT));
            s.setInt(3, i.port());
            s.setString(4, i.fqdn().toLowerCase(Locale.ROOT));
            s.setString(5, i.service());
            s.setArray(6, c.createArrayOf("text", i.sslProtocols().toArray(String[]::new)));
            s.setString(7, JSON.writeValueAsString(i.cipherSuites()));
            s.setString(8, i.grade());
            s.setString(9, i.gradeWithTrustIgnored());
            s.setString(10, i.gradeSummaryJson().orElse(null));
            s.setObject(11, CertificateRow.utc(at));
            s.setObject(12, CertificateRow.utc(at));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void recordChain(Connection c, long instanceId, Map<String, Integer> positions, Map<String, Long> ids,
                                    Instant at) throws SQLException {
        if (positions.isEmpty()) {
            // No chain (the handshake failed): no evidence that what was served before is gone.
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO instance_certificate (instance_id, certificate_id, chain_position, current, first_found, last_found)
                VALUES (?, ?, ?, true, ?, ?)
                ON CONFLICT (instance_id, certificate_id) DO UPDATE SET
                    chain_position = EXCLUDED.chain_position,
                    current = true,
                    last_found = greatest(instance_certificate.last_found, EXCLUDED.last_found)
                """)) {
            for (var e : positions.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
                s.setLong(1, instanceId);
                s.setLong(2, ids.get(e.getKey()));
                s.setInt(3, e.getValue());
                s.setObject(4, CertificateRow.utc(at));
                s.setObject(5, CertificateRow.utc(at));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE instance_certificate SET current = false WHERE instance_id = ? AND current AND certificate_id <> ALL (?)")) {
            s.setLong(1, instanceId);
            s.setArray(2, c.createArrayOf("bigint", positions.keySet().stream().map(ids::get).toArray(Long[]::new)));
            s.executeUpdate();
        }
    }

    private static int[] recordFindings(Connection c, long instanceId, List<ObservedFinding> findings, Instant at)
            throws SQLException {
        int opened = 0;
        Map<Integer, ObservedFinding> byQid = new LinkedHashMap<>();
        findings.forEach(f -> byQid.putIfAbsent(f.qid(), f));
        List<ObservedFinding> ordered = new ArrayList<>(byQid.values());
        ordered.sort(Comparator.comparingInt(ObservedFinding::qid));
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO finding (instance_id, qid, title, severity, detail, status, first_found, last_found)
                VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                ON CONFLICT (instance_id, qid) DO UPDATE SET
                    title = EXCLUDED.title,
                    severity = EXCLUDED.severity,
                    detail = EXCLUDED.detail,
                    status = 'ACTIVE',
                    fixed = NULL,
                    last_found = greatest(finding.last_found, EXCLUDED.last_found)
                RETURNING (xmax = 0) AS opened
                """)) {
            for (ObservedFinding f : ordered) {
                s.setLong(1, instanceId);
                s.setInt(2, f.qid());
                s.setString(3, f.title());
                s.setInt(4, f.severity());
                s.setString(5, f.detail());
                s.setObject(6, CertificateRow.utc(at));
                s.setObject(7, CertificateRow.utc(at));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    opened += rs.getBoolean(1) ? 1 : 0;
                }
            }
        }
        int fixed;
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE finding SET status = 'FIXED', fixed = ?
                WHERE instance_id = ? AND status = 'ACTIVE' AND qid <> ALL (?)
                """)) {
            s.setObject(1, CertificateRow.utc(at));
            s.setLong(2, instanceId);
            s.setArray(3, c.createArrayOf("integer", byQid.keySet().toArray(Integer[]::new)));
            fixed = s.executeUpdate();
        }
        return new int[] {opened, fixed};
    }
}
