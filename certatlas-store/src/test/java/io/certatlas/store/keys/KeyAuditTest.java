package io.certatlas.store.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.importing.BulkImport;
import io.certatlas.store.importing.ImportListener;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.keys.KeyWeakness;
import io.certatlas.x509.keys.testing.WeakCertificates;
import io.certatlas.x509.keys.testing.WeakCertificates.Case;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every weak-key case is found when scanned (recorded with an endpoint) and when imported; every control is not. */
class KeyAuditTest {

    static Database scanned;
    static Database imported;
    static final WeakCertificates CASES = WeakCertificates.shared();

    @BeforeAll
    static void open() {
        scanned = TestDatabase.fresh();
        imported = TestDatabase.fresh();
    }

    @AfterAll
    static void close() {
        scanned.close();
        imported.close();
    }

    static List<CertificateFacts> chain(Case c) throws Exception {
        return CertificateAnalyzer.standard().analyzeChain(List.of(c.certificate().der(), CASES.ca().certificate().der()));
    }

    static Observation observation(Case c, int host) throws Exception {
        return new Observation(Optional.of(ObservedAsset.of("127.0.23." + host, c.name() + ".weak.test")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), "A", "A", Optional.empty())),
                chain(c), List.of(), "SCAN", Instant.now());
    }

    static Set<String> weaknesses(Database db, Case c) {
        Record row = db.dsl().fetchOne("SELECT key_weaknesses FROM certificate WHERE certhash = ?", io.certatlas.store.testing.SampleCertificates.sha256(c.certificate().der()));
        return new TreeSet<>(Arrays.asList((String[]) row.get(0)));
    }

    static Set<Integer> activeFindings(Database db, Case c) {
        return new TreeSet<>(db.dsl().fetch("""
                SELECT f.qid FROM finding f JOIN host_instance i ON i.id = f.instance_id JOIN asset a ON a.id = i.asset_id
                WHERE a.name = ? AND f.status = 'ACTIVE'""", c.name() + ".weak.test").getValues(0, Integer.class));
    }

    static Set<String> matching(Database db, String qql) {
        return new TreeSet<>(db.dsl().select(field(name("c", "subject_name"), String.class))
                .from(table(name("certificate")).as("c")).where(CertificateFilter.compile(qql).condition())
                .fetch(0, String.class));
    }

    @Test
    void scannedEndpointsGetTheirKeyFindingsAndControlsNone() throws Exception {
        Inventory inventory = new Inventory(scanned);
        int host = 1;
        for (Case c : CASES.cases().values()) {
            inventory.record(observation(c, host++));
        }
        for (Case c : CASES.cases().values()) {
            Set<Integer> keyQids = new TreeSet<>(activeFindings(scanned, c));
            keyQids.removeIf(q -> KeyWeakness.byQid(q).isEmpty());
            if (c.expected().isPresent()) {
                assertThat(weaknesses(scanned, c)).as(c.name()).contains(c.expected().get().value());
                assertThat(keyQids).as(c.name()).contains(c.expected().get().qid());
            } else {
                assertThat(weaknesses(scanned, c)).as(c.name()).isEmpty();
                assertThat(keyQids).as(c.name()).isEmpty();
            }
        }
        assertThat(matching(scanned, "keyWeakness:Factorable"))
                .containsExactlyInAnyOrder("shared-a.weak.test", "shared-b.weak.test", "close-primes.weak.test");
        assertThat(matching(scanned, "keyWeakness:RocaFingerprint")).containsExactly("roca.weak.test");
        assertThat(matching(scanned, "keyWeakness:[KnownPrivateKey, InvalidEcPoint]"))
                .containsExactlyInAnyOrder("blocklisted.weak.test", "off-curve.weak.test");
        assertThat(matching(scanned, "keyWeakness:ReusedKey")).containsExactlyInAnyOrder("reused-a.weak.test", "reused-b.weak.test");

        // A second scan of the first of the pair keeps its finding open: the observation itself carries it.
        var again = inventory.record(observation(CASES.get("shared-a"), 1));
        assertThat(again.fixedFindings()).isZero();
        assertThat(activeFindings(scanned, CASES.get("shared-a"))).contains(KeyWeakness.SHARED_PRIME.qid());

        // What a user reads says why, never the factor.
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) CASES.get("shared-a").certificate().privateKey();
        List<String> details = scanned.dsl().fetch("SELECT detail FROM finding WHERE qid BETWEEN 9002301 AND 9002308").getValues(0, String.class);
        assertThat(details).isNotEmpty().allSatisfy(d -> assertThat(d)
                .doesNotContain(key.getPrimeP().toString()).doesNotContain(key.getPrimeP().toString(16)));
        assertThat(scanned.keyAudit().inventorySummary().factorable()).isEqualTo(3);
    }

    @Test
    void aWeakCertificateSeenOnMoreEndpointsGivesEachItsFindingWithoutRewritingTheOthers() throws Exception {
        Database db = TestDatabase.fresh();
        try {
            Inventory inventory = new Inventory(db);
            Case roca = CASES.get("roca");
            int qid = KeyWeakness.ROCA_FINGERPRINT.qid();
            for (int host = 1; host <= 3; host++) {
                inventory.record(new Observation(Optional.of(ObservedAsset.of("127.0.24." + host, "spread-" + host + ".weak.test")),
                        Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), "A", "A", Optional.empty())),
                        chain(roca), List.of(), "SCAN", Instant.now()));
                if (host == 1) {
                    Thread.sleep(20);   // so that a rewrite of the first endpoint's finding would show in last_found
                }
            }
            var rows = db.dsl().fetch("""
                    SELECT a.name, f.status, f.last_found FROM finding f JOIN host_instance i ON i.id = f.instance_id
                    JOIN asset a ON a.id = i.asset_id WHERE f.qid = ? ORDER BY a.name""", qid);
            assertThat(rows.getValues(0, String.class))
                    .containsExactly("spread-1.weak.test", "spread-2.weak.test", "spread-3.weak.test");
            assertThat(rows.getValues(1, String.class)).containsOnly("ACTIVE");
            // The certificate's key record did not change after the first endpoint, so the first
            // endpoint's finding was left as it was: its last sighting is its own, before the others.
            var lastFound = rows.getValues(2, java.time.OffsetDateTime.class);
            assertThat(lastFound.get(0)).isBefore(lastFound.get(1));
        } finally {
            db.close();
        }
    }

    @Test
    void importedCertificatesAreAuditedAfterTheImport(@TempDir Path files) throws Exception {
        for (Case c : CASES.cases().values()) {
            Files.writeString(files.resolve(c.name() + ".pem"), c.certificate().pem());
        }
        var importSummary = new BulkImport(imported, CertificateAnalyzer.standard(), 1).run(List.of(files), Optional.empty(), ImportListener.NONE);
        // The import wrote each key's row with its certificate; what needs the whole inventory is done after.
        assertThat(imported.dsl().fetchOne("SELECT count(*) FROM certificate_key").get(0, Long.class))
                .as("key rows written by the import").isEqualTo(CASES.cases().size());
        AuditSummary summary = imported.keyAudit().auditImported(importSummary.keysWrittenSince().orElseThrow(), AuditListener.SILENT);
        assertThat(summary.checked()).isEqualTo(CASES.cases().size());
        assertThat(summary.factorable()).isEqualTo(3);
        assertThat(summary.count(KeyWeakness.ROCA_FINGERPRINT)).isEqualTo(1);
        assertThat(summary.count(KeyWeakness.KNOWN_PRIVATE_KEY)).isEqualTo(1);
        assertThat(summary.count(KeyWeakness.REUSED_KEY)).isEqualTo(2);
        for (Case c : CASES.cases().values()) {
            if (c.expected().isPresent()) {
                assertThat(weaknesses(imported, c)).as(c.name()).contains(c.expected().get().value());
            } else {
                assertThat(weaknesses(imported, c)).as(c.name()).isEmpty();
            }
        }
        // A certificate whose key row is missing (stored by a merge, say) is checked by the audit of unchecked keys.
        imported.dsl().execute("DELETE FROM certificate_key");
        imported.dsl().execute("UPDATE certificate SET key_weaknesses = '{}'");
        // (The shared pair's moduli are in the population already, checked: the full recomputation below marks them again.)
        AuditSummary again = imported.keyAudit().auditUnchecked(AuditListener.SILENT);
        assertThat(again.checked()).isEqualTo(CASES.cases().size());
        assertThat(again.count(KeyWeakness.ROCA_FINGERPRINT)).isEqualTo(1);
        assertThat(again.count(KeyWeakness.KNOWN_PRIVATE_KEY)).isEqualTo(1);
        assertThat(again.count(KeyWeakness.REUSED_KEY)).isEqualTo(2);
        // The full recomputation finds the same pair and clears nothing it should keep.
        AuditSummary full = imported.keyAudit().recomputeAll(AuditListener.SILENT);
        assertThat(full.count(KeyWeakness.SHARED_PRIME)).isEqualTo(2);
        assertThat(matching(imported, "keyWeakness:SharedPrime")).containsExactlyInAnyOrder("shared-a.weak.test", "shared-b.weak.test");
    }
}
