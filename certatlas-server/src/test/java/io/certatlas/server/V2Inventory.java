package io.certatlas.server;

import io.certatlas.scan.grade.GradeSummary;
import io.certatlas.scan.grade.SuiteSummary;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.testing.TestPki;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample inventory and, for v2: a certificate
 * imported from a file without any asset (unmanaged), and a graded endpoint (127.0.0.15:9443, a
 * 1024-bit RSA leaf, untagged) whose recorded gradeSummary is the scanner's own record.
 */
public final class V2Inventory {

    public final SampleInventory sample;
    public final CertificateFacts root;
    public final CertificateFacts unmanaged;
    public final CertificateFacts graded;
    /** Every certificate in the inventory. */
    public final List<CertificateFacts> all;

    private V2Inventory(SampleInventory sample, CertificateFacts root, CertificateFacts unmanaged, CertificateFacts graded) {
        this.sample = sample;
        this.root = root;
        this.unmanaged = unmanaged;
        this.graded = graded;
        this.all = List.of(sample.webLeaf, sample.intermediate, root, sample.rdp, sample.expired, unmanaged, graded);
    }

    public static V2Inventory fill(Database database) {
        SampleInventory sample = SampleInventory.fill(database);
        TestPki pki = TestPki.shared();
        CertificateAnalyzer analyzer = CertificateAnalyzer.standard();
        CertificateFacts root = analyzer.analyze(pki.root().certificate());   // served with the web chain
        CertificateFacts unmanaged = analyzer.analyze(pki.expiringInTenDays().certificate());
        CertificateFacts graded = analyzer.analyze(pki.rsa1024().certificate());
        CertificateFacts intermediate = analyzer.analyze(pki.intermediate().certificate());
        Inventory inventory = new Inventory(database);
        Instant now = Instant.now();
        inventory.record(new Observation(Optional.empty(), Optional.empty(), List.of(unmanaged), List.of(), "IMPORT", now));
        Map<String, Boolean> protocols = new LinkedHashMap<>();
        for (String p : List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")) {
            protocols.put(p, p.equals("TLSv1.2"));
        }
        Map<String, Boolean> strengths = new LinkedHashMap<>();
        strengths.put("0 bits (no encryption)", false);
        strengths.put("< 128 bits (e.g., 40, 56)", false);
        strengths.put("< 256 bits (e.g., 128, 168)", true);
        strengths.put(">= 256 bits (e.g., 256)", false);
        Map<String, Boolean> exchanges = new LinkedHashMap<>();
        for (String label : List.of("Weak key (Debian OpenSSL flaw)", "Anonymous key exchange (no authentication)",
                "Key or DH parameter strength < 512 bits", "Exportable key exchange",
                "Key or DH parameter strength < 1024 bits (e.g., 512)",
                "Key or DH parameter strength < 2048 bits (e.g., 1024)",
                "Key or DH parameter strength < 4096 bits (e.g., 2048)",
                "Key or DH parameter strength >= 4096 bits (e.g., 4096)")) {
            exchanges.put(label, label.contains("< 2048"));
        }
        GradeSummary summary = new GradeSummary("B", "B", 100, 100, 80, 80, 30, 30, 40, List.of("key < 2048"),
                List.of(), List.of(), List.of(), List.of(), protocols, strengths, exchanges,
                Map.of("TLSv1.2", List.of(new SuiteSummary("TLS_RSA_WITH_AES_128_GCM_SHA256", "RSA 1024", 128, "WEAK"))));
        String json = JsonMapper.builder().build().writeValueAsString(summary);
        List<CertificateFacts> chain = new ArrayList<>(List.of(graded, intermediate));
        inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.0.15", "weak.example.test", "", "Linux 5", "")),
                Optional.of(new ObservedInstance("tcp", 9443, "weak.example.test", "https", List.of("TLSv1.2"),
                        Map.of("TLSv1.2", List.of("TLS_RSA_WITH_AES_128_GCM_SHA256")), "B", "B", Optional.of(json))),
                chain, List.of(), "SCAN", now));
        return new V2Inventory(sample, root, unmanaged, graded);
    }
}
