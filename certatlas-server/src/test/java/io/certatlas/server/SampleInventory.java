package io.certatlas.server;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Tags;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.testing.TestPki;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A small inventory with real certificates from the test PKI: a web leaf served with its chain on
 * two assets (Production and Staging), a self-signed RDP certificate on a third (Staging), and
 * an expired certificate on a fourth that carries no tag, and the web leaf again on an untagged
 * web application (api.example.com, with a wasUrl).
 */
public final class SampleInventory {

    public final CertificateFacts webLeaf;
    public final CertificateFacts intermediate;
    public final CertificateFacts rdp;
    public final CertificateFacts expired;

    private SampleInventory(CertificateFacts webLeaf, CertificateFacts intermediate, CertificateFacts rdp, CertificateFacts expired) {
        this.webLeaf = webLeaf;
        this.intermediate = intermediate;
        this.rdp = rdp;
        this.expired = expired;
    }

    public static SampleInventory fill(Database database) {
        TestPki pki = TestPki.shared();
        CertificateAnalyzer analyzer = CertificateAnalyzer.standard();
        List<CertificateFacts> webChain = pki.fullChain().stream().map(analyzer::analyze).toList();
        CertificateFacts rdp = analyzer.analyze(pki.selfSigned().certificate());
        IssuedCertificate expiredCertificate = pki.expired();
        List<CertificateFacts> expiredChain = List.of(analyzer.analyze(expiredCertificate.certificate()),
                analyzer.analyze(pki.intermediate().certificate()));
        Inventory inventory = new Inventory(database);
        Instant now = Instant.now();
        inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.0.11", "web1.example.test", "WEB1", "Linux 6", "")),
                Optional.of(instance(443, "https", "web1.example.test", "A")), webChain,
                List.of(new ObservedFinding(38600, "SSL Certificate will expire within next six months", 1, "")), "SCAN", now));
        inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.0.12", "web2.example.test", "", "Linux 6", "")),
                Optional.of(instance(8443, "https", "web2.example.test", "A")), webChain, List.of(), "SCAN", now));
        inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.0.13", "", "WIN-890BLRMESC6", "Windows Vista / Windows 2008", "")),
                Optional.of(instance(3389, "win_remote_desktop", "", "T")), List.of(rdp),
                List.of(new ObservedFinding(38169, "SSL Certificate - Self-Signed Certificate", 2, ""),
                        new ObservedFinding(38173, "SSL Certificate - Signature Verification Failed Vulnerability", 2, "")),
                "SCAN", now));
        inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.0.14", "old.example.test", "", "", "")),
                Optional.of(instance(443, "https", "old.example.test", "T")), expiredChain, List.of(), "SCAN", now));
        inventory.record(new Observation(Optional.of(new ObservedAsset("", "api.example.com", "", "", "https://api.example.com")),
                Optional.of(instance(443, "https", "api.example.com", "A")), webChain, List.of(), "SCAN", now));
        Tags tags = new Tags(database.dsl());
        tags.ensure("Production");
        tags.ensure("Staging");
        tags.tagAssets("Production", List.of(assetUuid(database, "127.0.0.11")));
        tags.tagAssets("Staging", List.of(assetUuid(database, "127.0.0.12"), assetUuid(database, "127.0.0.13")));
        return new SampleInventory(webChain.get(0), webChain.get(1), rdp, expiredChain.get(0));
    }

    static UUID assetUuid(Database database, String address) {
        return database.dsl().resultQuery("select uuid from asset where primary_ip = ?::inet", address).fetchOne(0, UUID.class);
    }

    static ObservedInstance instance(int port, String service, String fqdn, String grade) {
        return new ObservedInstance("tcp", port, fqdn, service, List.of("TLSv1.2", "TLSv1.3"), Map.of(), grade, grade,
                Optional.empty());
    }

}
