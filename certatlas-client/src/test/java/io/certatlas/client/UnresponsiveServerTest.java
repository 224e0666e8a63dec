package io.certatlas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.client.error.ConnectionFailed;
import io.certatlas.client.error.UnexpectedAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Servers that are not a CertView API at all: one that takes connections and never answers, one
 * that answers bytes that are not HTTP. The client gives up soon with a reason, instead of
 * spending its whole retry policy on them.
 */
class UnresponsiveServerTest {

    private static final RetryPolicy QUICK = new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));

    @Test
    void aServerThatNeverAnswersIsAskedTwiceNotSixTimes() throws Exception {
        try (Listener silent = new Listener(connection -> { })) {
            CertViewClient client = client(silent.port());
            assertThatThrownBy(() -> client.certificates(CertificateQuery.all()).findFirst())
                    .isInstanceOf(ConnectionFailed.class)
                    .hasMessageContaining("no answer in time")
                    .hasMessageContaining("2 attempts");
            assertThat(silent.connections()).isEqualTo(2);
        }
    }

    @Test
    void anAnswerThatIsNotHttpFailsAtOnceWithoutEchoingIt() throws Exception {
        try (Listener garbage = new Listener(connection -> {
            // The request is read first: closing a socket with it unread sends a reset, which
            // the client may see before the garbage (a lost connection, asked again).
            try (OutputStream out = connection.getOutputStream()) {
                connection.getInputStream().read(new byte[16384]);
                out.write("\u0000\u00ffgarbage \u001b[2J\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // the client may already have gone
            }
        })) {
            CertViewClient client = client(garbage.port());
            assertThatThrownBy(() -> client.certificates(CertificateQuery.all()).findFirst())
                    .isInstanceOf(UnexpectedAnswer.class)
                    .hasMessageContaining("not HTTP")
                    .hasMessageNotContaining("garbage");
            assertThat(garbage.connections()).isEqualTo(1);
        }
    }

    @Test
    void controlCharactersInWhatTheServerSaysAreShownNotObeyed() throws Exception {
        byte[] body = "<html>\u001b[2J\u0000 not json \u202e".getBytes(StandardCharsets.UTF_8);
        try (Listener html = new Listener(connection -> {
            try {
                connection.getInputStream().read(new byte[16384]);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                connection.close();
            } catch (IOException e) {
                // the client may already have gone
            }
        })) {
            CertViewClient client = client(html.port());
            assertThatThrownBy(() -> client.certificates(CertificateQuery.all()).findFirst())
                    .isInstanceOf(io.certatlas.client.error.CertViewException.class)
                    .hasMessageContaining("\\u001b[2J")
                    .message().doesNotContain("\u001b").doesNotContain("\u0000").doesNotContain("\u202e");
        }
    }

    @Test
    void aUrlWithAnImpossiblePortOrCredentialsIsRefusedBeforeAnyRequest() {
        for (String url : List.of("http://127.0.0.1:99999", "http://127.0.0.1:0")) {
            assertThatThrownBy(() -> CertViewClient.to(url)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a port is 1 to 65535");
        }
        assertThatThrownBy(() -> CertViewClient.to("https://admin:secret@certview.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name or password");
    }

    private static CertViewClient client(int port) {
        return CertViewClient.to("http://127.0.0.1:" + port).user("someone", "a password".toCharArray())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1)).retry(QUICK).build();
    }

    /** A loopback listener that hands each connection to {@code answer} and keeps it open until closed. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        Listener(Consumer<Socket> answer) throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        synchronized (accepted) {
                            accepted.add(connection);
                        }
                        answer.accept(connection);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            synchronized (accepted) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
            acceptor.join();
        }
    }
}
