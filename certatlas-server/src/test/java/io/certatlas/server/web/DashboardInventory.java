package io.certatlas.server.web;

import io.certatlas.server.SampleInventory;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.store.access.Tags;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.testing.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample inventory (SampleInventory: Production web1, Staging web2 and an RDP host, an
 * untagged expired host) plus what the page's tests need beside it: on web1 (Production) an
 * endpoint still serving a certificate that expires in 12 days although its renewal is served
 * on another web1 endpoint; on a Staging host an RSA-1024 and a SHA-1 certificate; and 55
 * imported certificates served nowhere (only a manager sees them), enough for two pages.
 * Users: "prod" (scope Production) and "staging" (scope Staging).
 */
final class DashboardInventory {

    static final String PROD_PASSWORD = "production viewer";
    static final String STAGING_PASSWORD = "staging viewer!!";
    static final int IMPORTED = 55;
    static final int WIDE_ASSETS = 203;
    static final String WIDE_NAME = "safe\u202Eexe.txt.wide.example.test";

    final SampleInventory sample;
    final CertificateFacts renewalOld;
    final CertificateFacts renewalNew;
    final CertificateFacts weakKey;
    final CertificateFacts sha1;
    /** Served on {@link #WIDE_ASSETS} assets, more than one page of the API; its CN holds a right-to-left override. */
    final CertificateFacts wide;

    private DashboardInventory(SampleInventory sample, CertificateFacts renewalOld, CertificateFacts renewalNew,
                               CertificateFacts weakKey, CertificateFacts sha1, CertificateFacts wide) {
        this.sample = sample;
        this.renewalOld = renewalOld;
        this.renewalNew = renewalNew;
        this.weakKey = weakKey;
        this.sha1 = sha1;
        this.wide = wide;
    }

    static DashboardInventory fill(Database database) {
        SampleInventory sample = SampleInventory.fill(database);
        TestPki pki = TestPki.shared();
        CertificateAnalyzer analyzer = CertificateAnalyzer.standard();
        Instant now = Instant.now();
        CertificateFacts intermediate = analyzer.analyze(pki.intermediate().certificate());
        CertificateFacts renewalOld = analyzer.analyze(pki.intermediateIssuer().issue(
                CertificateSpec.leaf("shop.example.test").withValidity(now.minus(Duration.ofDays(353)),
                        now.plus(Duration.ofDays(12)).plus(Duration.ofHours(3)))).certificate());
        CertificateFacts renewalNew = analyzer.analyze(pki.intermediateIssuer().issue(
                CertificateSpec.leaf("shop.example.test").withValidity(now.minus(Duration.ofDays(2)),
                        now.plus(Duration.ofDays(363)))).certificate());
        CertificateFacts weakKey = analyzer.analyze(pki.rsa1024().certificate());
        CertificateFacts sha1 = analyzer.analyze(pki.sha1Signature().certificate());
        Inventory inventory = new Inventory(database);
        ObservedAsset web1 = new ObservedAsset("127.0.0.11", "web1.example.test", "WEB1", "Linux 6", "");
        inventory.record(new Observation(Optional.of(web1), Optional.of(instance(8444, "shop.example.test", "A")),
                List.of(renewalOld, intermediate), List.of(), "SCAN", now));
        inventory.record(new Observation(Optional.of(web1), Optional.of(instance(8445, "shop.example.test", "A")),
                List.of(renewalNew, intermediate), List.of(), "SCAN", now));
        ObservedAsset legacy = new ObservedAsset("127.0.0.15", "legacy.example.test", "", "Linux 2", "");
        inventory.record(new Observation(Optional.of(legacy), Optional.of(instance(443, "legacy.example.test", "F")),
                List.of(weakKey, intermediate), List.of(), "SCAN", now));
        inventory.record(new Observation(Optional.of(legacy), Optional.of(instance(8443, "legacy.example.test", "B")),
                List.of(sha1, intermediate), List.of(), "SCAN", now));
        List<CertificateFacts> imported = new ArrayList<>();
        for (int i = 0; i < IMPORTED; i++) {
            imported.add(analyzer.analyze(pki.intermediateIssuer().issue(CertificateSpec.leaf(
                    "bulk-%02d.example.test".formatted(i)).withValidity(now.minus(Duration.ofDays(30)),
                    now.plus(Duration.ofDays(40 + 5L * i)))).certificate()));
        }
        for (CertificateFacts facts : imported) {
            inventory.record(new Observation(Optional.empty(), Optional.empty(), List.of(facts), List.of(), "IMPORT", now));
        }
        CertificateFacts wide = analyzer.analyze(pki.intermediateIssuer().issue(CertificateSpec.leaf("wide.example.test")
                .withCommonName(WIDE_NAME).withDnsNames("*.wide.example.test")).certificate());
        for (int i = 0; i < WIDE_ASSETS; i++) {
            ObservedAsset host = new ObservedAsset("10.77.%d.%d".formatted(i / 250, i % 250 + 1),
                    "w%03d.wide.example.test".formatted(i), "", "Linux 6", "");
            inventory.record(new Observation(Optional.of(host), Optional.of(instance(443, host.hostname(), "A")),
                    List.of(wide, intermediate), List.of(), "SCAN", now));
        }
        Tags tags = new Tags(database.dsl());
        tags.tagAssetsMatching("Staging", "legacy.example.test");
        Accounts accounts = new Accounts(database.dsl());
        accounts.create("prod", Passwords.encoder().encode(PROD_PASSWORD), Role.USER, List.of("Production"));
        accounts.create("staging", Passwords.encoder().encode(STAGING_PASSWORD), Role.USER, List.of("Staging"));
        return new DashboardInventory(sample, renewalOld, renewalNew, weakKey, sha1, wide);
    }

    private static ObservedInstance instance(int port, String fqdn, String grade) {
        return new ObservedInstance("tcp", port, fqdn, "https", List.of("TLSv1.2", "TLSv1.3"),
                Map.of("TLSv1.3", List.of("TLS_AES_128_GCM_SHA256")), grade, grade, Optional.empty());
    }
}
