package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.TestServerIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Enumeration against real JSSE servers on 127.0.0.x with known protocols and suites. */
class TlsEnumeratorTest {

    @BeforeAll
    static void legacyCryptoServable() {
        TestServerIdentity.get(); // re-enables RC4, 3DES and TLS 1.0 before the first SSLContext
    }

    private static ConnectionOpener opener(InetAddress address, int port) {
        return deadline -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(address, port), (int) Math.max(1, deadline.remaining().toMillis()));
            return s;
        };
    }

    private static EnumerationResult enumerate(JsseTestServer server) {
        return TlsEnumerator.standard().enumerate(opener(server.address(), server.port()),
                ProbeSettings.defaults(Optional.of("rsa.test")), Deadline.after(Duration.ofSeconds(60)));
    }

    private static List<Integer> codes(EnumerationResult r, ProtocolVersion v) {
        return r.suitesByProtocol().getOrDefault(v, List.of()).stream().map(AcceptedSuite::suite).map(CipherSuite::code).toList();
    }

    @Test
    void legacyServerWithTls10And12And3desAndRc4() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.5", List.of("TLSv1", "TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA"), true)) {
            EnumerationResult r = enumerate(server);
            assertThat(r.protocols()).containsExactly(ProtocolVersion.TLS1_0, ProtocolVersion.TLS1_2);
            assertThat(r.versions().get(ProtocolVersion.SSL2).support()).isEqualTo(VersionSupport.NOT_SUPPORTED);
            assertThat(r.versions().get(ProtocolVersion.SSL3).support()).isEqualTo(VersionSupport.NOT_SUPPORTED);
            assertThat(r.versions().get(ProtocolVersion.TLS1_1).support()).isEqualTo(VersionSupport.NOT_SUPPORTED);
            assertThat(r.versions().get(ProtocolVersion.TLS1_3).support()).isEqualTo(VersionSupport.NOT_SUPPORTED);
            // server order wins, so the list is the server's order
            assertThat(codes(r, ProtocolVersion.TLS1_2)).containsExactly(0xC013, 0x000A, 0x0005);
            assertThat(codes(r, ProtocolVersion.TLS1_0)).containsExactly(0xC013, 0x000A, 0x0005);
            assertThat(r.versions().get(ProtocolVersion.TLS1_2).preference()).isEqualTo(CipherPreference.SERVER);
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.SECURE);
            // JSSE answers a TLS 1.0 hello carrying TLS_FALLBACK_SCSV with a ServerHello: it does not
            // enforce RFC 7507. (sslscan 2.0.7 reports "supports" here: its OpenSSL 3 client refuses
            // TLS 1.0 itself, and it reads that failure as the server's refusal.)
            assertThat(r.fallbackScsv()).isEqualTo(FallbackScsvSupport.NOT_SUPPORTED);
            assertThat(r.groups()).contains(NamedGroup.X25519);
            assertThat(r.failures()).isEmpty();
        }
    }

    @Test
    void sslv3ServerIsFoundAndGraded() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.13", List.of("SSLv3", "TLSv1"),
                List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA"), true)) {
            EnumerationResult r = enumerate(server);
            assertThat(r.protocols()).containsExactly(ProtocolVersion.SSL3, ProtocolVersion.TLS1_0);
            assertThat(codes(r, ProtocolVersion.SSL3)).containsExactly(0x002F, 0x000A);
            // the SSLv3 hello signals RFC 5746 with the SCSV (no extensions); JSSE answers with renegotiation_info
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.SECURE);

            var input = io.certatlas.scan.grade.GradeInput.from(r, io.certatlas.scan.grade.ServerCertificate.trustedRsa(2048));
            var report = io.certatlas.scan.grade.RatingGuide2009q.grade(input);
            assertThat(report.grade().label()).isEqualTo("C");
            assertThat(report.caps()).extracting(io.certatlas.scan.grade.GradeCap::rule).contains("poodle", "no-tls12", "sslv3");
            assertThat(io.certatlas.scan.grade.ProtocolFindings.standard().findings(input))
                    .extracting(io.certatlas.scan.finding.Finding::qid).contains(38606, 38603, 38628, 38657, 42366);
        }
    }

    @Test
    void tls13Only() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.6", List.of("TLSv1.3"),
                List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"), false)) {
            EnumerationResult r = enumerate(server);
            assertThat(r.protocols()).containsExactly(ProtocolVersion.TLS1_3);
            assertThat(codes(r, ProtocolVersion.TLS1_3)).containsExactlyInAnyOrder(0x1301, 0x1302, 0x1303);
            assertThat(r.versions().get(ProtocolVersion.TLS1_3).preference()).isEqualTo(CipherPreference.CLIENT);
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.NOT_APPLICABLE);
            assertThat(r.fallbackScsv()).isEqualTo(FallbackScsvSupport.NOT_APPLICABLE);
            assertThat(r.groups()).containsExactly(NamedGroup.X25519);
            // JSSE's default named groups (jdk.tls.namedGroups), in the order the probes found them
            assertThat(r.supportedGroups()).contains(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1,
                    NamedGroup.SECP521R1, NamedGroup.X448, NamedGroup.FFDHE2048);
            assertThat(r.failures()).isEmpty();
        }
    }

    @Test
    void tls12OnlyEcdheGcmAndDhe() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.7", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
                true)) {
            EnumerationResult r = enumerate(server);
            assertThat(r.protocols()).containsExactly(ProtocolVersion.TLS1_2);
            assertThat(codes(r, ProtocolVersion.TLS1_2)).containsExactly(0xC030, 0xC02F, 0x009E);
            AcceptedSuite dhe = r.suitesByProtocol().get(ProtocolVersion.TLS1_2).get(2);
            assertThat(dhe.keyExchangeBits()).contains(2048);
            assertThat(r.dhPrimeBits()).containsExactly(2048);
            assertThat(r.supportedGroups()).contains(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1)
                    .noneMatch(g -> g.kind() == NamedGroup.Kind.FFDHE);
            assertThat(r.probesSent()).as("few probes").isLessThan(40);
        }
    }

    @Test
    void aSilentServerCostsOneTimeoutPerVersion() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.14"), 0), 50);
            // the kernel completes the connects; nobody ever reads or answers
            var settings = new ProbeSettings(Optional.empty(), Duration.ofMillis(300), 64, 400, true);
            EnumerationResult r = TlsEnumerator.standard().enumerate(opener(silent.getInetAddress(), silent.getLocalPort()),
                    settings, Deadline.after(Duration.ofSeconds(20)));
            assertThat(r.protocols()).isEmpty();
            assertThat(r.versions().values()).allMatch(v -> v.support() == VersionSupport.UNKNOWN);
            assertThat(r.probesSent()).isEqualTo(TlsEnumerator.PROBED_VERSIONS.size());
            assertThat(r.failures()).hasSize(TlsEnumerator.PROBED_VERSIONS.size()).allMatch(f -> f.reason().startsWith("timed out"));
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.UNKNOWN);
        }
    }

    @Test
    void aServiceThatIsNotTlsGivesReasonsNotVersions() throws Exception {
        try (ServerSocket plain = new ServerSocket()) {
            plain.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.8"), 0));
            Thread server = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50 && !plain.isClosed(); i++) {
                    try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            EnumerationResult r = TlsEnumerator.standard().enumerate(opener(plain.getInetAddress(), plain.getLocalPort()),
                    ProbeSettings.defaults(Optional.empty()), Deadline.after(Duration.ofSeconds(20)));
            assertThat(r.protocols()).isEmpty();
            assertThat(r.versions().values()).allMatch(v -> v.support() == VersionSupport.UNKNOWN);
            assertThat(r.failures()).isNotEmpty().allMatch(f -> f.reason().contains("not TLS"));
            server.interrupt();
        }
    }
}
