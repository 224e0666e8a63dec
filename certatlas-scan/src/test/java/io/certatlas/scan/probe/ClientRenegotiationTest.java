package io.certatlas.scan.probe;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.grade.GradeInput;
import io.certatlas.scan.grade.ProtocolFindings;
import io.certatlas.scan.grade.ServerCertificate;
import io.certatlas.scan.probe.ClientRenegotiation.State;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.OpenSslTestServer;
import io.certatlas.scan.tls.TestServerIdentity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-initiated renegotiation against real servers: JSSE's server allows it (the JVM-wide
 * jdk.tls.rejectClientInitiatedRenegotiation is not set here) but only securely; OpenSSL 3's
 * s_server refuses it unless started with -client_renegotiation, and the insecure kind (a client
 * without RFC 5746) unless also started with -legacy_renegotiation.
 */
class ClientRenegotiationTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void legacyCryptoServable() {
        TestServerIdentity.get();
    }

    private static EnumerationResult enumerate(InetAddress address, int port) {
        ConnectionOpener opener = deadline -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(address, port), (int) Math.max(1, deadline.remaining().toMillis()));
            return s;
        };
        return TlsEnumerator.standard().enumerate(opener, ProbeSettings.defaults(Optional.of("rsa.test")).withGroupEnumeration(false),
                Deadline.after(Duration.ofSeconds(60)));
    }

    private static List<String> findingKeys(EnumerationResult r) {
        return ProtocolFindings.standard().findings(GradeInput.from(r, ServerCertificate.trustedRsa(2048))).stream()
                .map(Finding::key).toList();
    }

    @Test
    void jsseServerAcceptsSecureClientInitiatedRenegotiation() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.21", List.of("TLSv1.2", "TLSv1.3"),
                List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.clientRenegotiation().state()).as(r.clientRenegotiation().detail()).isEqualTo(State.ACCEPTED);
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.SECURE);
            assertThat(r.insecureRenegotiation()).isFalse();
            assertThat(r.failures()).isEmpty();
            assertThat(findingKeys(r)).contains("renegotiation.client-initiated").doesNotContain("renegotiation.insecure");
        }
    }

    @Test
    void tls13OnlyHasNothingToRenegotiate() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.22", List.of("TLSv1.3"), List.of("TLS_AES_128_GCM_SHA256"), true)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.clientRenegotiation().state()).isEqualTo(State.NOT_APPLICABLE);
            assertThat(findingKeys(r)).doesNotContain("renegotiation.client-initiated", "renegotiation.insecure");
        }
    }

    @Test
    void openSsl3RefusesUnlessAllowed() throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        List<String> tls12 = List.of("-no_tls1_3", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        try (var refusing = OpenSslTestServer.start(dir, "127.0.0.23", tls12)) {
            EnumerationResult r = enumerate(refusing.address(), refusing.port());
            assertThat(r.protocols()).contains(io.certatlas.scan.tls.ProtocolVersion.TLS1_2);
            assertThat(r.clientRenegotiation().state()).as(r.clientRenegotiation().detail()).isEqualTo(State.REFUSED);
            assertThat(r.failures()).isEmpty();
            assertThat(findingKeys(r)).doesNotContain("renegotiation.client-initiated", "renegotiation.insecure");
        }
        List<String> allowing = new java.util.ArrayList<>(tls12);
        allowing.add("-client_renegotiation");
        try (var accepting = OpenSslTestServer.start(dir, "127.0.0.23", allowing)) {
            EnumerationResult r = enumerate(accepting.address(), accepting.port());
            assertThat(r.clientRenegotiation().state()).as(r.clientRenegotiation().detail()).isEqualTo(State.ACCEPTED);
            assertThat(findingKeys(r)).contains("renegotiation.client-initiated");
        }
    }

    @Test
    void jsseServerRefusesARenegotiationWithoutRfc5746() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.24", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"), true)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.clientRenegotiation().state()).isEqualTo(State.ACCEPTED);
            // REFUSED, not NOT_TESTED: the legacy handshake completed (the server accepted our
            // Finished), and only then was the second hello refused
            assertThat(r.insecureClientRenegotiation().state()).as(r.insecureClientRenegotiation().detail()).isEqualTo(State.REFUSED);
            assertThat(r.insecureRenegotiation()).isFalse();
        }
    }

    /** Every key exchange, cipher mode, PRF and version the insecure probe's client drives, against a server that allows it. */
    @ParameterizedTest
    @CsvSource({"-tls1_2,AES128-SHA,X25519", "-tls1_2,AES256-SHA256,X25519", "-tls1_1,AES256-SHA,X25519", "-tls1,AES128-SHA,X25519",
            "-tls1_2,AES128-GCM-SHA256,X25519", "-tls1_2,ECDHE-RSA-AES128-GCM-SHA256,X25519", "-tls1_2,ECDHE-RSA-AES256-GCM-SHA384,P-256",
            "-tls1_2,ECDHE-RSA-AES256-SHA384,P-384", "-tls1,ECDHE-RSA-AES128-SHA,P-521", "-tls1_2,DHE-RSA-AES128-GCM-SHA256,X25519",
            "-tls1_1,DHE-RSA-AES256-SHA,X25519"})
    void openSslWithLegacyRenegotiationIsFoundInsecure(String version, String cipher, String group) throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        List<String> args = List.of(version, "-cipher", cipher + ":@SECLEVEL=0", "-groups", group, "-legacy_renegotiation", "-client_renegotiation");
        try (var server = OpenSslTestServer.start(dir, "127.0.0.25", args)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.insecureClientRenegotiation().state()).as(r.insecureClientRenegotiation().detail()).isEqualTo(State.ACCEPTED);
            assertThat(r.insecureRenegotiation()).isTrue();
            assertThat(r.failures()).isEmpty();
            GradeInput input = GradeInput.from(r, ServerCertificate.trustedRsa(2048));
            assertThat(io.certatlas.scan.grade.RatingGuide2009q.grade(input).grade().label()).isEqualTo("F");
            assertThat(findingKeys(r)).contains("renegotiation.insecure").doesNotContain("renegotiation.client-initiated");
        }
    }

    @Test
    void openSslWithoutLegacyRenegotiationRefusesTheInsecureKind() throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        List<String> args = List.of("-tls1_2", "-cipher", "AES128-SHA256", "-client_renegotiation");
        try (var server = OpenSslTestServer.start(dir, "127.0.0.26", args)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.clientRenegotiation().state()).isEqualTo(State.ACCEPTED);
            assertThat(r.insecureClientRenegotiation().state()).as(r.insecureClientRenegotiation().detail()).isEqualTo(State.REFUSED);
            assertThat(findingKeys(r)).contains("renegotiation.client-initiated").doesNotContain("renegotiation.insecure");
        }
    }

    @Test
    void jsseRefusesTheInsecureKindOverEcdheGcmToo() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.28", List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), true)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.insecureClientRenegotiation().state()).as(r.insecureClientRenegotiation().detail()).isEqualTo(State.REFUSED);
        }
    }

    @Test
    void withoutADrivableSuiteTheInsecureKindIsNotTested() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.27", List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), true)) {
            EnumerationResult r = enumerate(server.address(), server.port());
            assertThat(r.insecureClientRenegotiation().state()).isEqualTo(State.NOT_TESTED);
            assertThat(r.insecureClientRenegotiation().detail()).contains("drives");
        }
    }
}
