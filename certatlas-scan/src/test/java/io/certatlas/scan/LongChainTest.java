package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.fleet.TlsTestServer;
import io.certatlas.scan.target.ScanPlan;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that sends its leaf and 40 junk certificates: the scan keeps the leaf and the next 15
 * (ServedChain's bound), and the endpoint carries the finding that says the chain was cut.
 */
@Timeout(60)
class LongChainTest {

    @Test
    void aFloodOfServedCertificatesIsCutAtTheBoundAndSaidSo() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair leafKey = ec.generateKeyPair();
        KeyPair junkKey = ec.generateKeyPair();
        // Linked by name only (the key store wants that much of a chain); nothing in it verifies.
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate(leafKey, "long-chain.test", "junk0.test", junkKey));
        for (int i = 0; i < 40; i++) {
            chain.add(certificate(junkKey, "junk" + i + ".test", "junk" + Math.min(i + 1, 39) + ".test", junkKey));
        }
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("leaf", leafKey.getPrivate(), password, chain.toArray(X509Certificate[]::new));

        try (TlsTestServer server = new TlsTestServer(InetAddress.getByName("127.0.0.64"), 0, keys, password)) {
            List<EndpointReport> reports = new ArrayList<>();
            new Scanner(ScanOptions.defaults().withEnumeration(false).withEndpointDeadline(Duration.ofSeconds(5)))
                    .scan(ScanPlan.builder().targets("127.0.0.64").ports(String.valueOf(server.port())).build(), new ScanListener() {
                        @Override
                        public void onResult(EndpointReport report) {
                            reports.add(report);
                        }
                    });

            EndpointReport report = reports.getFirst();
            assertThat(report.outcome()).isInstanceOfSatisfying(EndpointOutcome.Tls.class, tls -> {
                assertThat(tls.chain()).hasSize(ServedChain.MAX_LENGTH);
                assertThat(tls.facts()).hasSize(ServedChain.MAX_LENGTH);
                assertThat(tls.facts().getFirst().subject().name()).isEqualTo("long-chain.test");
            });
            assertThat(report.findings()).filteredOn(f -> f.key().equals("cert.chain-truncated")).singleElement()
                    .extracting(Finding::detail).asString()
                    .isEqualTo("the server sent 41 certificates; only the first 16 (the leaf and 15 more) are judged and recorded");
        }
    }

    private static X509Certificate certificate(KeyPair subjectKey, String subject, String issuer, KeyPair signer) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + subject),
                subjectKey.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(signer.getPrivate())));
    }
}
