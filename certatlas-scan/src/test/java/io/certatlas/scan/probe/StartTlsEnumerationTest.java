package io.certatlas.scan.probe;

import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.TestServerIdentity;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every probe goes through SMTP STARTTLS first: the opener composes connect and {@link TlsWrapper#prepare}. */
class StartTlsEnumerationTest {

    @Test
    void enumeratesBehindSmtpStartTls() throws Exception {
        TestServerIdentity.get();
        try (ServerSocket plain = new ServerSocket()) {
            plain.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.12"), 0));
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200 && !plain.isClosed(); i++) {
                    try {
                        Socket s = plain.accept();
                        Thread.ofVirtual().start(() -> smtpThenTls(s));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            ConnectionOpener opener = ConnectionOpener.direct((InetSocketAddress) plain.getLocalSocketAddress(), Duration.ofSeconds(2))
                    .thenPrepare(TlsWrapper.SMTP, "mail.test");
            EnumerationResult r = TlsEnumerator.standard().enumerate(opener, ProbeSettings.defaults(Optional.of("mail.test")),
                    Deadline.after(Duration.ofSeconds(60)));
            assertThat(r.protocols()).containsExactly(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3);
            assertThat(r.failures()).isEmpty();
            acceptor.interrupt();
        }
    }

    private static void smtpThenTls(Socket plain) {
        try (plain) {
            plain.setSoTimeout(3000);
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            out.write("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in);
            out.write("250-mail.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in);
            out.write("220 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            var factory = TestServerIdentity.get().serverContext().getSocketFactory();
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, in, true)) {
                tls.setUseClientMode(false);
                tls.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
                tls.startHandshake();
            }
        } catch (IOException expected) {
            // probes hang up after the server's first flight
        }
    }

    private static void readLine(InputStream in) throws IOException {
        for (int i = 0; i < 1000; i++) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                return;
            }
        }
    }
}
