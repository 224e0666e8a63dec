package io.certatlas.alerts.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a webhook may be posted, checked when it is written and again, on the resolved address,
 * when it is sent; and what a failed post tells: the status, never the body the peer answered,
 * and a redirect is a failure, not followed. The peer is a real HTTP server on loopback.
 */
class WebhookReceiverTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSIDE = "root:x:0:0:secret from an internal service";

    private HttpServer peer;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            byte[] body = INSIDE.getBytes(StandardCharsets.UTF_8);
            switch (path) {
                case "/hook" -> exchange.sendResponseHeaders(200, -1);
                case "/redirect" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + peer.getAddress().getPort() + "/elsewhere");
                    exchange.sendResponseHeaders(302, -1);
                }
                default -> {
                    exchange.sendResponseHeaders(500, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
            exchange.close();
        });
        peer.start();
    }

    @AfterEach
    void stop() {
        peer.stop(0);
    }

    private static WebhookSettings settings(String url) {
        return WebhookSettings.from(JSON.readTree("{\"url\": " + JSON.writeValueAsString(url) + "}"));
    }

    private static void refused(String url, String because) {
        assertThatThrownBy(() -> settings(url)).as(url).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(because)
                .satisfies(e -> assertThat(((InvalidSettingException) e).field()).isEqualTo("url"));
    }

    private void send(WebhookSettings settings) throws DeliveryFailedException {
        new WebhookReceiver(settings, "0123456789abcdef0123", Clock.systemUTC()).send(MessageRenderer.test("hook", Instant.now()));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + peer.getAddress().getPort() + path;
    }

    @Test
    void portsOutsideOneTo65535AreRefused() {
        for (String port : List.of("0", "65536", "99999", "999999999999")) {
            refused("https://hooks.example.org:" + port + "/certs", "port must be 1 to 65535, was " + port);
        }
        assertThat(settings("https://hooks.example.org:65535/certs").url().getPort()).isEqualTo(65535);
        assertThat(settings("https://hooks.example.org/certs").url().getPort()).isEqualTo(-1);
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        for (String url : List.of("https://alice:s3cret-pass@hooks.example.org/certs", "https://token-s3cret-pass@hooks.example.org/x",
                "http://alice:s3cret-pass@hooks.example.org:99999999999/x")) {
            refused(url, "X-CertAtlas-Signature");
            assertThatThrownBy(() -> settings(url)).message().doesNotContain("s3cret-pass");
        }
    }

    @Test
    void metadataLinkLocalUnspecifiedAndMulticastAddressesAreRefusedWhenWritten() {
        for (String host : List.of("169.254.169.254", "169.254.0.1", "[fe80::1]", "[::ffff:169.254.169.254]",
                "[64:ff9b::a9fe:a9fe]", "[::169.254.169.254]")) {
            refused("http://" + host + "/latest/meta-data/", "link-local");
        }
        // 6to4 and Teredo carry an IPv4 address inside (here 169.254.169.254, Teredo's inverted)
        for (String host : List.of("[2002:a9fe:a9fe::]", "[2001:0:4136:e378:8000:63bf:5601:5601]")) {
            refused("http://" + host + "/latest/meta-data/", "link-local");
        }
        for (String host : List.of("240.0.0.1", "[fec0::1]")) {
            refused("http://" + host + "/hook", "reserved");
        }
        for (String host : List.of("[fd00:ec2::254]", "100.100.100.200", "192.0.0.192")) {
            refused("http://" + host + "/latest/meta-data/", "cloud metadata");
        }
        for (String host : List.of("0.0.0.0", "0.1.2.3", "[::]")) {
            refused("http://" + host + ":8080/hook", "unspecified");
        }
        for (String host : List.of("224.0.0.1", "239.255.255.250", "255.255.255.255", "[ff02::1]")) {
            refused("http://" + host + "/hook", "multicast or broadcast");
        }
        // Resolvers read these as 169.254.169.254 and 127.0.0.1, each in its own way.
        for (String host : List.of("2852039166", "0xa9fea9fe")) {
            refused("http://" + host + "/hook", "is a number, not a host name");
        }
        for (String host : List.of("0x7f.1", "127.1", "1.2.3.4.", "999.1.1.1", "0xa9.254.0xa9.254")) {
            refused("http://" + host + "/hook", "names no host that can be read");
        }
        refused("ftp://hooks.example.org/certs", "http:// or https://");
        refused("file:///etc/passwd", "http:// or https://");
    }

    @Test
    void loopbackPrivateAndNamedReceiversStayAllowed() {
        for (String host : List.of("127.0.0.1", "127.0.0.41", "[::1]", "10.1.2.3", "172.16.0.9", "192.168.1.20", "[fd12:3456::1]",
                "100.64.0.7", "localhost", "hooks.example.org", "metadata.example.org", "hooks.example.org.")) {
            assertThat(settings("https://" + host + ":8443/hook").url().getHost()).isEqualTo(host);
        }
    }

    @Test
    void aNameThatResolvesToARefusedAddressWhenSentGetsNothing() {
        // "0" stands for a name whose DNS answer turned to 0.0.0.0 after the receiver was saved:
        // Java reads it as that address without asking DNS, and Linux would connect it to this
        // machine, where the peer listens.
        WebhookSettings rebound = new WebhookSettings(URI.create("http://0:" + peer.getAddress().getPort() + "/hook"),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> send(rebound)).isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("not sent").hasMessageContaining("resolves to 0.0.0.0").hasMessageContaining("unspecified");
        assertThat(paths).isEmpty();

        // The same peer by a name that resolves to loopback takes it.
        assertThatCode(() -> send(settings("http://localhost:" + peer.getAddress().getPort() + "/hook"))).doesNotThrowAnyException();
        assertThat(paths).containsExactly("/hook");
    }

    @Test
    void aFailureTellsTheStatusNeverTheBody() {
        assertThatThrownBy(() -> send(settings(url("/fail")))).isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("answered HTTP 500").message().doesNotContain("root:x").doesNotContain("secret");
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        assertThatThrownBy(() -> send(settings(url("/redirect")))).isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("answered HTTP 302").hasMessageContaining("not followed");
        assertThat(paths).containsExactly("/redirect");
    }

    /** A receiver that answers 200 and then trickles a body without end does not hold the delivery. */
    @Test
    void anEndlessBodyIsNotReadAndDoesNotHoldTheDelivery() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread peerThread = Thread.ofVirtual().start(() -> {
                try (var connection = socket.accept()) {
                    connection.getInputStream().read(new byte[8192]);
                    var out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(60_000);
                } catch (Exception e) {
                    // the receiver was closed
                }
            });
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> send(settings("http://127.0.0.1:" + socket.getLocalPort() + "/hook")));
            peerThread.interrupt();
        }
    }

    @Test
    void aReceiverThatIsNotThereIsReportedInOurWords() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> send(settings("http://127.0.0.1:" + closed + "/hook"))).isInstanceOf(DeliveryFailedException.class)
                .hasMessageEndingWith("refused the connection");
    }
}
