package io.certatlas.scan.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.LegacyRenegotiation;
import io.certatlas.scan.tls.OpenSslTestServer;
import io.certatlas.scan.tls.ProtocolVersion;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's own client asking for a secure (RFC 5746) client-initiated renegotiation: what the
 * JDK's client cannot ask a server that speaks only TLS 1.0/1.1 when the scanning JVM disables
 * those (as it does by default), while {@code gnutls-cli --rehandshake} completes one against
 * {@code openssl s_server -client_renegotiation} with TLS 1.1 only.
 */
@Timeout(60)
class SecureRenegotiationOwnClientTest {

    @TempDir
    Path dir;

    @Test
    void aTls11OnlyServerThatAllowsClientRenegotiationIsFoundAcceptingIt() throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        List<String> tls11 = List.of("-no_tls1_2", "-no_tls1_3", "-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0");
        List<String> allowing = new java.util.ArrayList<>(tls11);
        allowing.add("-client_renegotiation");
        try (var server = OpenSslTestServer.startAtSecurityLevelZero(dir, "127.0.0.24", allowing)) {
            assertThat(ask(server)).isInstanceOf(LegacyRenegotiation.Outcome.Renegotiating.class);
        }
        try (var server = OpenSslTestServer.startAtSecurityLevelZero(dir, "127.0.0.24", tls11)) {
            assertThat(ask(server)).isInstanceOf(LegacyRenegotiation.Outcome.Refused.class);
        }
    }

    private static LegacyRenegotiation.Outcome ask(OpenSslTestServer server) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.address(), server.port()), 2000);
            return LegacyRenegotiation.ask(socket, ProtocolVersion.TLS1_1, List.of(0xC013), Optional.empty(),
                    Deadline.after(Duration.ofSeconds(5)), true);
        }
    }
}
