package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enumeration against {@code openssl s_server} on 127.0.0.11, for what JSSE does not do:
 * TLS_FALLBACK_SCSV enforcement (RFC 7507) and TLS 1.1 at OpenSSL's security level 0. s_server
 * serves one connection at a time, which the enumerator's one-probe-at-a-time suits.
 */
class OpenSslServerEnumerationTest {

    @TempDir
    Path dir;

    @Test
    void tls11And12ServerWithFallbackScsvAndServerOrder() throws Exception {
        Assumptions.assumeTrue(run(List.of("openssl", "version")) == 0, "openssl is not installed");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        assertThat(run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=openssl.test",
                "-days", "2", "-keyout", key.toString(), "-out", cert.toString()))).isZero();
        int port = freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-quiet", "-accept", "127.0.0.11:" + port,
                "-cert", cert.toString(), "-key", key.toString(), "-no_ssl3", "-no_tls1", "-no_tls1_3", "-serverpref",
                "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES256-SHA:@SECLEVEL=0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
        try {
            awaitListening(port);
            ConnectionOpener opener = deadline -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.11", port), (int) Math.max(1, deadline.remaining().toMillis()));
                return s;
            };
            EnumerationResult r = TlsEnumerator.standard().enumerate(opener, ProbeSettings.defaults(Optional.of("openssl.test")),
                    Deadline.after(Duration.ofSeconds(60)));
            assertThat(r.protocols()).containsExactly(ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_2);
            assertThat(names(r, ProtocolVersion.TLS1_2)).containsExactly("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES256-SHA");
            assertThat(names(r, ProtocolVersion.TLS1_1)).containsExactly("ECDHE-RSA-AES128-SHA", "AES256-SHA");
            assertThat(r.versions().get(ProtocolVersion.TLS1_2).preference()).isEqualTo(CipherPreference.SERVER);
            assertThat(r.fallbackScsv()).isEqualTo(FallbackScsvSupport.SUPPORTED);
            assertThat(r.renegotiation()).isEqualTo(RenegotiationSupport.SECURE);
            assertThat(r.failures()).isEmpty();
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(EnumerationResult r, ProtocolVersion v) {
        return r.suitesByProtocol().getOrDefault(v, List.of()).stream().map(AcceptedSuite::suite).map(CipherSuite::opensslName).toList();
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.11"), 0));
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.11", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("openssl s_server did not listen on 127.0.0.11:" + port);
    }
}
