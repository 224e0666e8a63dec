package io.certatlas.scan.grade;

import io.certatlas.scan.probe.FallbackScsvSupport;
import io.certatlas.scan.probe.RenegotiationSupport;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.certatlas.scan.tls.ProtocolVersion.SSL3;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_0;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_2;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_3;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden configurations: each row states a server and the grade, score and category scores the
 * rating guide's tables give for it (worked by hand in the row's comment).
 */
class RatingGuide2009qTest {

    private static final CipherSuiteCatalogue CATALOGUE = CipherSuiteCatalogue.standard();
    private static final ServerCertificate RSA_2048 = ServerCertificate.trustedRsa(2048);

    /** A configuration under test, built fluently. */
    static final class Server {
        final Map<ProtocolVersion, List<CipherSuite>> suites = new LinkedHashMap<>();
        final Map<Integer, Integer> kx = new HashMap<>();
        ServerCertificate certificate = RSA_2048;
        RenegotiationSupport renegotiation = RenegotiationSupport.SECURE;
        FallbackScsvSupport fallback = FallbackScsvSupport.SUPPORTED;

        Server with(ProtocolVersion v, String... names) {
            List<CipherSuite> list = new ArrayList<>(suites.getOrDefault(v, List.of()));
            for (String n : names) {
                list.add(CATALOGUE.byName(n).orElseThrow(() -> new IllegalArgumentException(n)));
            }
            suites.put(v, list);
            return this;
        }

        Server params(String suite, int bits) {
            kx.put(CATALOGUE.byName(suite).orElseThrow().code(), bits);
            return this;
        }

        Server cert(ServerCertificate c) {
            certificate = c;
            return this;
        }

        Server renegotiation(RenegotiationSupport r) {
            renegotiation = r;
            return this;
        }

        GradeInput input() {
            return new GradeInput(suites, false, kx, certificate, renegotiation, false, fallback);
        }
    }

    record Golden(String name, Server server, String grade, String trustIgnored, int score, int protocol, int keyExchange,
                  int cipher, Optional<String> decidingCap) {
    }

    static Server modern() {
        return new Server()
                .with(TLS1_3, "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")
                .with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384")
                .params("TLS_AES_128_GCM_SHA256", 3072).params("TLS_AES_256_GCM_SHA384", 3072)
                .params("TLS_CHACHA20_POLY1305_SHA256", 3072)
                .params("ECDHE-RSA-AES128-GCM-SHA256", 3072).params("ECDHE-RSA-AES256-GCM-SHA384", 3072);
    }

    static final List<Golden> TABLE = List.of(
            // protocol 100; key exchange: RSA 2048 (<4096) = 90; cipher (128: 80, 256: 100) = 90.
            // 30 + 27 + 36 = 93, no caps, no warnings, no notices: A+
            new Golden("modern TLS 1.2 + 1.3", modern(), "A+", "A+", 93, 100, 90, 90, Optional.empty()),
            // the same with a self-signed chain: T, A+ with trust ignored
            new Golden("modern, self-signed", modern().cert(new ServerCertificate("RSA", 2048, "SHA256withRSA",
                    List.of("self-signed"), false)), "T", "A+", 93, 100, 90, 90, Optional.empty()),
            // no RFC 5746: a warning, so A-
            new Golden("modern, no secure renegotiation", modern().renegotiation(RenegotiationSupport.NOT_SUPPORTED),
                    "A-", "A-", 93, 100, 90, 90, Optional.empty()),
            // TLS 1.2 only, ECDHE-GCM: notice "no TLS 1.3", so A
            new Golden("TLS 1.2 only ECDHE-GCM", new Server().with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384")
                    .params("ECDHE-RSA-AES128-GCM-SHA256", 3072).params("ECDHE-RSA-AES256-GCM-SHA384", 3072),
                    "A", "A", 93, 100, 90, 90, Optional.empty()),
            // protocol (90+100)/2 = 95; key exchange 90; cipher: every suite 128 or 168 bits = 80.
            // 28.5 + 27 + 32 = 87.5 -> 88; caps: RC4 with TLS 1.2 (C), 3DES (C), TLS 1.0 (B), RC4 (B), no AEAD (B): C
            new Golden("TLS 1.0 + 1.2 with 3DES and RC4", new Server()
                    .with(TLS1_0, "AES128-SHA", "DES-CBC3-SHA", "RC4-SHA")
                    .with(TLS1_2, "AES128-SHA", "DES-CBC3-SHA", "RC4-SHA"),
                    "C", "C", 88, 95, 90, 80, Optional.of("rc4-modern-protocol")),
            // protocol (80+90)/2 = 85; key exchange 90; cipher 80. 25.5 + 27 + 32 = 84.5 -> 85; POODLE caps C
            new Golden("SSLv3 + TLS 1.0 CBC", new Server().with(SSL3, "AES128-SHA").with(TLS1_0, "AES128-SHA"),
                    "C", "C", 85, 85, 90, 80, Optional.of("no-tls12")),
            // export RC4-40: key exchange 40 (export), cipher (128: 80, 40: 20) = 50. 30 + 12 + 20 = 62 -> C by score, F by cap
            new Golden("export suite", new Server().with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256", "EXP-RC4-MD5")
                    .params("ECDHE-RSA-AES128-GCM-SHA256", 3072),
                    "F", "F", 62, 100, 40, 50, Optional.of("export-suites")),
            // RSA 1024: key exchange 80; 30 + 24 + 36 = 90 -> A by score, capped B (key under 2048)
            new Golden("RSA 1024 key", new Server().with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384")
                    .params("ECDHE-RSA-AES128-GCM-SHA256", 3072).params("ECDHE-RSA-AES256-GCM-SHA384", 3072)
                    .cert(ServerCertificate.trustedRsa(1024)),
                    "B", "B", 90, 100, 80, 90, Optional.of("key-under-2048")),
            // DHE with 1024-bit parameters beside a 2048-bit key: the weakest counts, 80; capped B
            new Golden("DHE 1024 parameters", new Server().with(TLS1_2, "DHE-RSA-AES128-GCM-SHA256").params("DHE-RSA-AES128-GCM-SHA256", 1024),
                    "B", "B", 86, 100, 80, 80, Optional.of("key-under-2048")),
            // DH 512: key exchange 40; 30 + 12 + 32 = 74 -> B by score, F by cap (key exchange under 1024)
            new Golden("DHE 512 parameters", new Server().with(TLS1_2, "DHE-RSA-AES128-GCM-SHA256").params("DHE-RSA-AES128-GCM-SHA256", 512),
                    "F", "F", 74, 100, 40, 80, Optional.of("key-exchange-under-1024")),
            // anonymous suite: key exchange 0, so the score is 0: F
            new Golden("anonymous suite", new Server().with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256", "ADH-AES128-GCM-SHA256")
                    .params("ECDHE-RSA-AES128-GCM-SHA256", 3072),
                    "F", "F", 0, 100, 0, 80, Optional.empty()),
            // NULL cipher: cipher (128: 80, 0: 0) = 40, not zero; 30 + 27 + 16 = 73, F by cap (under 112 bits)
            new Golden("NULL cipher", new Server().with(TLS1_2, "AES128-GCM-SHA256", "NULL-SHA256"),
                    "F", "F", 73, 100, 90, 40, Optional.of("weak-cipher")),
            // MD5-signed certificate: F by cap whatever the rest
            new Golden("MD5 signature", modern().cert(new ServerCertificate("RSA", 2048, "MD5withRSA", List.of(), false)),
                    "F", "F", 93, 100, 90, 90, Optional.of("md5-signature")),
            // EC P-256 key counts as 3072: key exchange 90; RSA kx impossible with EC, ECDHE only
            new Golden("ECDSA P-256 key", new Server().with(TLS1_3, "TLS_AES_256_GCM_SHA384").params("TLS_AES_256_GCM_SHA384", 3072)
                    .cert(new ServerCertificate("EC", 256, "SHA256withECDSA", List.of(), false)),
                    "A+", "A+", 97, 100, 90, 100, Optional.empty()));

    @Test
    void goldenConfigurations() {
        for (Golden g : TABLE) {
            GradeReport report = RatingGuide2009q.grade(g.server().input());
            assertThat(report.grade().label()).as(g.name() + " grade").isEqualTo(g.grade());
            assertThat(report.gradeWithTrustIgnored().label()).as(g.name() + " trust ignored").isEqualTo(g.trustIgnored());
            assertThat(report.score()).as(g.name() + " score").isEqualTo(g.score());
            assertThat(report.summary().protocolSupportScore()).as(g.name() + " protocol").isEqualTo(g.protocol());
            assertThat(report.summary().keyExchangeScore()).as(g.name() + " key exchange").isEqualTo(g.keyExchange());
            assertThat(report.summary().cipherStrengthScore()).as(g.name() + " cipher").isEqualTo(g.cipher());
            assertThat(report.decidingCap().map(GradeCap::rule)).as(g.name() + " deciding cap").isEqualTo(g.decidingCap());
        }
    }

    @Test
    void capsSayWhy() {
        GradeReport report = RatingGuide2009q.grade(TABLE.get(4).server().input());
        assertThat(report.caps()).extracting(GradeCap::rule)
                .containsExactly("rc4-modern-protocol", "64-bit-block", "tls10-tls11", "rc4", "no-aead");
        assertThat(report.caps().get(1).because()).isEqualTo("64-bit block suites offered: DES-CBC3-SHA");
        assertThat(report.summary().warnings()).contains("the server supports TLS 1.0 (grade capped to B)");
    }

    @Test
    void summaryHasEveryKeyCertificateViewClientsRead() {
        GradeSummary s = RatingGuide2009q.grade(TABLE.get(4).server().input()).summary();
        assertThat(s.protocolSupportInfo()).containsExactly(
                Map.entry("SSLv2", false), Map.entry("SSLv3", false), Map.entry("TLSv1", true),
                Map.entry("TLSv1.1", false), Map.entry("TLSv1.2", true), Map.entry("TLSv1.3", false));
        assertThat(s.cipherStrengthInfo()).containsExactly(
                Map.entry("0 bits (no encryption)", false), Map.entry("< 128 bits (e.g., 40, 56)", false),
                Map.entry("< 256 bits (e.g., 128, 168)", true), Map.entry(">= 256 bits (e.g., 256)", false));
        assertThat(s.keyExchangeInfo()).containsExactly(
                Map.entry("Weak key (Debian OpenSSL flaw)", false),
                Map.entry("Anonymous key exchange (no authentication)", false),
                Map.entry("Key or DH parameter strength < 512 bits", false),
                Map.entry("Exportable key exchange", false),
                Map.entry("Key or DH parameter strength < 1024 bits (e.g., 512)", false),
                Map.entry("Key or DH parameter strength < 2048 bits (e.g., 1024)", false),
                Map.entry("Key or DH parameter strength < 4096 bits (e.g., 2048)", true),
                Map.entry("Key or DH parameter strength >= 4096 bits (e.g., 4096)", false));
        assertThat(s.protocolSupportWeightage()).isEqualTo(30);
        assertThat(s.keyExchangeWeightage()).isEqualTo(30);
        assertThat(s.cipherStrengthWeightage()).isEqualTo(40);
        assertThat(s.cipherSuites()).containsOnlyKeys("TLSv1", "TLSv1.2");
        assertThat(s.cipherSuites().get("TLSv1.2")).containsExactly(
                new SuiteSummary("TLS_RSA_WITH_AES_128_CBC_SHA", "RSA 2048", 128, "WEAK"),
                new SuiteSummary("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "RSA 2048", 168, "WEAK"),
                new SuiteSummary("TLS_RSA_WITH_RC4_128_SHA", "RSA 2048", 128, "INSECURE"));
        assertThat(s.grade()).isEqualTo("C");
        assertThat(s.infos()).anyMatch(i -> i.contains("name mismatch is not penalised"));
    }
}
