package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Example Root CA");
    static final CertificateFacts INTERMEDIATE = SampleCertificates.intermediate("Example Issuing CA", ROOT);
    static final CertificateFacts WEB = SampleCertificates.leaf("web.example.com", INTERMEDIATE);
    static final CertificateFacts WEB_RENEWED = SampleCertificates.leaf("web.example.com (renewed)", INTERMEDIATE);
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    static final ObservedFinding SELF_SIGNED = new ObservedFinding(38169, "SSL Certificate - Self-Signed Certificate", 2, "");
    static final ObservedFinding TLS10 = new ObservedFinding(38628, "SSL/TLS Server supports TLSv1.0", 3, "");

    Database db;
    Inventory inventory;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        inventory = new Inventory(db);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        db.close();
    }

    static Observation seen(Instant at, List<CertificateFacts> chain, List<ObservedFinding> findings) {
        return new Observation(Optional.of(ObservedAsset.of("10.0.0.5", "web.example.com")),
                Optional.of(instance(443)), chain, findings, "SCAN", at);
    }

    static ObservedInstance instance(int port) {
        return new ObservedInstance("tcp", port, "web.example.com", "https", List.of("TLSv1.2", "TLSv1.3"),
                Map.of("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")), "A", "A", Optional.empty());
    }

    @Test
    void recordsTheChainTheAssetTheInstanceAndTheFindings() {
        var recorded = inventory.record(seen(T0, List.of(WEB, INTERMEDIATE, ROOT), List.of(TLS10)));

        assertThat(recorded.newCertificates()).isEqualTo(3);
        assertThat(recorded.openedFindings()).isEqualTo(1);
        Record web = db.dsl().fetchOne("SELECT * FROM certificate WHERE certhash = ?", WEB.certhash());
        assertThat(web.get("issuer_certhash", String.class)).isEqualTo(INTERMEDIATE.certhash());
        assertThat(web.get("root_certhash", String.class)).isEqualTo(ROOT.certhash());
        assertThat(web.get("sources", String[].class)).containsExactly("SCAN");
        assertThat(web.get("san_values", String[].class)).containsExactly("web.example.com");
        Record asset = db.dsl().fetchOne("SELECT identity, name, host(primary_ip) AS ip FROM asset");
        assertThat(asset.get("identity")).isEqualTo("ip:10.0.0.5");
        assertThat(asset.get("name")).isEqualTo("web.example.com");
        assertThat(asset.get("ip")).isEqualTo("10.0.0.5");
        assertThat(db.dsl().fetchValue("SELECT hostname || ' ' || host(address) FROM asset_interface"))
                .isEqualTo("web.example.com 10.0.0.5");
        Record instance = db.dsl().fetchOne("SELECT port, fqdn, grade, ssl_protocols FROM host_instance");
        assertThat(instance.get("port")).isEqualTo(443);
        assertThat(instance.get("ssl_protocols", String[].class)).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(db.dsl().fetch("""
                SELECT c.certhash, ic.chain_position FROM instance_certificate ic
                JOIN certificate c ON c.id = ic.certificate_id WHERE ic.current ORDER BY ic.chain_position""")
                .map(r -> r.get(0, String.class).trim() + "@" + r.get(1)))
                .containsExactly(WEB.certhash() + "@0", INTERMEDIATE.certhash() + "@1", ROOT.certhash() + "@2");
        assertThat(db.dsl().fetchValue("SELECT status FROM finding WHERE qid = 38628")).isEqualTo("ACTIVE");
    }

    @Test
    void recordingTheSameObservationTwiceChangesOnlyLastFoundAndUpdated() {
        inventory.record(seen(T0, List.of(WEB, INTERMEDIATE, ROOT), List.of(TLS10)));
        Map<String, List<List<Object>>> before = snapshot();

        var again = inventory.record(seen(T0.plus(Duration.ofHours(1)), List.of(WEB, INTERMEDIATE, ROOT), List.of(TLS10)));

        assertThat(again.newCertificates()).isZero();
        assertThat(again.openedFindings()).isZero();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(((java.time.OffsetDateTime) db.dsl().fetchValue("SELECT max(last_found) FROM certificate")).toInstant())
                .isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    /** Every row of every inventory table without its last_found / updated / scanned columns. */
    private Map<String, List<List<Object>>> snapshot() {
        Map<String, List<List<Object>>> all = new java.util.TreeMap<>();
        for (String table : List.of("certificate", "asset", "asset_interface", "host_instance", "instance_certificate", "finding")) {
            Result<Record> rows = db.dsl().fetch("SELECT * FROM " + table + " ORDER BY 1, 2");
            List<List<Object>> values = new ArrayList<>();
            for (Record r : rows) {
                List<Object> row = new ArrayList<>();
                for (var field : r.fields()) {
                    if (!List.of("last_found", "updated", "scanned").contains(field.getName())) {
                        Object v = r.get(field);
                        row.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                                : v instanceof Object[] a ? List.of(a) : String.valueOf(v));
                    }
                }
                values.add(row);
            }
            all.put(table, values);
        }
        return all;
    }

    @Test
    void aReplacedCertificateStaysAsHistoryAndAFindingNoLongerSeenIsFixed() {
        inventory.record(seen(T0, List.of(WEB, INTERMEDIATE), List.of(TLS10, SELF_SIGNED)));
        Instant later = T0.plus(Duration.ofDays(30));
        var recorded = inventory.record(seen(later, List.of(WEB_RENEWED, INTERMEDIATE), List.of(TLS10)));

        assertThat(recorded.fixedFindings()).isEqualTo(1);
        assertThat(db.dsl().fetch("""
                SELECT c.subject_name, ic.current FROM instance_certificate ic
                JOIN certificate c ON c.id = ic.certificate_id ORDER BY c.subject_name""")
                .map(r -> r.get(0) + "=" + r.get(1)))
                .containsExactly("Example Issuing CA=true", "web.example.com=false", "web.example.com (renewed)=true");
        Record fixed = db.dsl().fetchOne("SELECT status, fixed FROM finding WHERE qid = 38169");
        assertThat(fixed.get("status")).isEqualTo("FIXED");
        assertThat(fixed.get("fixed", java.time.OffsetDateTime.class).toInstant()).isEqualTo(later);
        assertThat(db.dsl().fetchValue("SELECT status FROM finding WHERE qid = 38628")).isEqualTo("ACTIVE");

        // Seen again later: it opens again.
        inventory.record(seen(later.plusSeconds(60), List.of(WEB_RENEWED, INTERMEDIATE), List.of(TLS10, SELF_SIGNED)));
        assertThat(db.dsl().fetchValue("SELECT status FROM finding WHERE qid = 38169")).isEqualTo("ACTIVE");
    }

    /**
     * A hostile peer's leaf may carry a name of kilobytes (RFC 5280 bounds a common name at 64
     * characters, DNS at 253; a parser need not). The searchable copies are cut so that every
     * index can hold them, and the certificate is kept whole: its DER and its subject DN.
     */
    @Test
    void aLeafWithANameOfManyKilobytesIsRecordedWithItsSearchableNamesCut() {
        StringBuilder random = new StringBuilder();
        java.util.Random r = new java.util.Random(5);
        while (random.length() < 9_000) {
            random.append(Long.toHexString(r.nextLong()));
        }
        String host = random + ".hostile.example";
        CertificateFacts hostile = SampleCertificates.leaf(host, INTERMEDIATE);

        var recorded = inventory.record(seen(T0, List.of(hostile, INTERMEDIATE, ROOT), List.of()));

        assertThat(recorded.newCertificates()).isEqualTo(3);
        Record row = db.dsl().fetchOne("SELECT subject_name, subject_dn, san_values, der FROM certificate WHERE certhash = ?",
                hostile.certhash());
        String name = row.get("subject_name", String.class);
        assertThat(name).hasSize(CertificateRow.SEARCHABLE_LENGTH + 1).endsWith("\u2026")
                .startsWith(host.substring(0, CertificateRow.SEARCHABLE_LENGTH));
        assertThat(row.get("san_values", String[].class)).singleElement().isEqualTo(name);
        assertThat(row.get("subject_dn", String.class)).contains(host);
        assertThat(row.get("der", byte[].class)).isEqualTo(hostile.der());
    }

    @Test
    void aScannedCertificateLaterImportedCarriesBothSources() {
        inventory.record(seen(T0, List.of(WEB), List.of()));
        inventory.record(new Observation(Optional.empty(), Optional.empty(), List.of(WEB), List.of(), "IMPORT", T0));

        Record web = db.dsl().fetchOne("SELECT sources, imported FROM certificate WHERE certhash = ?", WEB.certhash());
        assertThat(web.get("sources", String[].class)).containsExactly("IMPORT", "SCAN");
        assertThat(web.get("imported", Boolean.class)).isTrue();
    }

    @Test
    void anAssetWithoutAddressIsKnownByItsHostName() {
        inventory.record(new Observation(Optional.of(ObservedAsset.of("", "Mail.Example.com")), Optional.of(instance(993)),
                List.of(WEB), List.of(), "SCAN", T0));
        Record asset = db.dsl().fetchOne("SELECT identity, name, primary_ip FROM asset");
        assertThat(asset.get("identity")).isEqualTo("host:mail.example.com");
        assertThat(asset.get("name")).isEqualTo("mail.example.com");
        assertThat(asset.get("primary_ip")).isNull();
    }

    @Test
    void aBadAddressIsRejectedByNameAndNothingIsWritten() {
        var bad = new Observation(Optional.of(ObservedAsset.of("10.0.0.5:443", "")), Optional.of(instance(443)),
                List.of(WEB), List.of(), "SCAN", T0);
        assertThatThrownBy(() -> inventory.record(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"10.0.0.5:443\" is not an IPv4 or IPv6 address");
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo(0L);
    }

    @Test
    void findingsWithoutAnInstanceAreRefused() {
        var bad = new Observation(Optional.empty(), Optional.empty(), List.of(WEB), List.of(TLS10), "IMPORT", T0);
        assertThatThrownBy(() -> inventory.record(bad)).hasMessageContaining("findings belong to an instance");
    }

    @Test
    void recordersRacingOnTheSameAssetAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int port = 443 + (i % 3);
                List<CertificateFacts> chain = i % 2 == 0 ? List.of(WEB, INTERMEDIATE, ROOT) : List.of(WEB_RENEWED, INTERMEDIATE, ROOT);
                Instant at = T0.plusSeconds(i);
                futures.add(pool.submit(() -> inventory.record(new Observation(
                        Optional.of(ObservedAsset.of("10.0.0.5", "web.example.com")), Optional.of(instance(port)),
                        chain, List.of(TLS10), "SCAN", at))));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM asset")).isEqualTo(1L);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM host_instance")).isEqualTo(3L);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo(4L);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM finding")).isEqualTo(3L);
    }
}
