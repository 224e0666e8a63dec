package io.certatlas.store.keys;

import io.certatlas.x509.keys.KeyWeakness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the key findings of endpoints in step with the keys they serve: for every instance
 * currently serving one of the given certificates, one finding per weakness of any certificate of
 * its chain (the detail names the certificate and why, never a factor), and the key findings that
 * no longer hold there closed (FIXED), as the scanner closes its own.
 */
final class KeyFindings {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Integer[] KEY_QIDS = Arrays.stream(KeyWeakness.values()).map(KeyWeakness::qid).toArray(Integer[]::new);

    private KeyFindings() {
    }

    /** How often a refresh chosen as a deadlock's victim is tried again (from its savepoint). */
    private static final int ATTEMPTS = 4;

    /**
     * Brings the key findings of every instance serving these certificates up to date, in the
     * caller's transaction. A recorder writing one of those instances at the same time can
     * deadlock with it (each stamps the certificates' stored documents, migration V25, in its own
     * order); the refresh is then rolled back to its savepoint and tried again, so the caller's
     * transaction goes on.
     */
    static void refresh(Connection c, Set<Long> certificateIds) throws SQLException {
        if (certificateIds.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = c.setSavepoint();
            try {
                refreshOnce(c, certificateIds);
                c.releaseSavepoint(savepoint);
                return;
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
                c.rollback(savepoint);
            }
        }
    }

    private static void refreshOnce(Connection c, Set<Long> certificateIds) throws SQLException {
        Map<Long, Map<KeyWeakness, List<String>>> desired = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT ic.instance_id, ic.chain_position, cert.subject_name, coalesce(k.weaknesses, '{}'), coalesce(k.details, '{}')::text
                FROM instance_certificate ic
                JOIN certificate cert ON cert.id = ic.certificate_id
                LEFT JOIN certificate_key k ON k.certificate_id = ic.certificate_id
                WHERE ic.current AND ic.instance_id IN (
                    SELECT instance_id FROM instance_certificate WHERE certificate_id = ANY (?) AND current)
                ORDER BY ic.instance_id, ic.chain_position""")) {
            s.setArray(1, c.createArrayOf("bigint", certificateIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<KeyWeakness, List<String>> byWeakness = desired.computeIfAbsent(rs.getLong(1), x -> new EnumMap<>(KeyWeakness.class));
                    JsonNode details = JSON.readTree(rs.getString(5));
                    for (String value : (String[]) rs.getArray(4).getArray()) {
                        int position = rs.getInt(2);
                        String subject = rs.getString(3);
                        KeyWeakness.byValue(value).ifPresent(w -> byWeakness.computeIfAbsent(w, x -> new ArrayList<>())
                                .add(KeyAudit.line(position, subject, details.path(value).asString(w.title()))));
                    }
                }
            }
        }
        // The instances first, in one order, before any of their findings: a recorder holds its
        // instance before it writes that instance's findings, so the two queue instead of each
        // holding what the other waits for.
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT 1 FROM host_instance WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            lock.setArray(1, c.createArrayOf("bigint", desired.keySet().toArray()));
            lock.executeQuery().close();
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO finding (instance_id, qid, title, severity, detail, status, first_found, last_found)
                VALUES (?, ?, ?, ?, ?, 'ACTIVE', now(), now())
                ON CONFLICT (instance_id, qid) DO UPDATE SET
                    title = EXCLUDED.title, severity = EXCLUDED.severity, detail = EXCLUDED.detail,
                    status = 'ACTIVE', fixed = NULL, last_found = greatest(finding.last_found, EXCLUDED.last_found)
                """);
             PreparedStatement close = c.prepareStatement("""
                UPDATE finding SET status = 'FIXED', fixed = now()
                WHERE instance_id = ? AND status = 'ACTIVE' AND qid = ANY (?) AND qid <> ALL (?)""")) {
            for (var instance : desired.entrySet()) {
                for (var weakness : instance.getValue().entrySet()) {
                    KeyWeakness w = weakness.getKey();
                    upsert.setLong(1, instance.getKey());
                    upsert.setInt(2, w.qid());
                    upsert.setString(3, w.title());
                    upsert.setInt(4, w.severity());
                    upsert.setString(5, String.join("; ", weakness.getValue()));
                    upsert.addBatch();
                }
                close.setLong(1, instance.getKey());
                close.setArray(2, c.createArrayOf("integer", KEY_QIDS));
                close.setArray(3, c.createArrayOf("integer", instance.getValue().keySet().stream().map(KeyWeakness::qid).toArray()));
                close.addBatch();
            }
            upsert.executeBatch();
            close.executeBatch();
        }
    }
}
