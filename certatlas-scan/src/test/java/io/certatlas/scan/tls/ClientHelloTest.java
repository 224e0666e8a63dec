package io.certatlas.scan.tls;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Our ClientHellos decoded by a real TLS stack (JSSE) on 127.0.0.3, and their own framing. */
class ClientHelloTest {

    @Test
    void framingIsConsistentAndPaddingAvoidsTheBadLengths() throws Exception {
        for (ProtocolVersion v : List.of(ProtocolVersion.SSL3, ProtocolVersion.TLS1_0, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
            for (int suites : new int[] {1, 20, 60, 120, 300}) {
                List<Integer> codes = new ArrayList<>();
                for (int i = 0; i < suites; i++) {
                    codes.add(0x0001 + i);
                }
                byte[] records = ClientHello.forProbe(v, codes, Optional.of("example.test")).toRecords();
                ByteReader r = new ByteReader(records);
                assertThat(r.u8()).isEqualTo(22);
                assertThat(r.u16()).isEqualTo(v == ProtocolVersion.SSL3 ? 0x0300 : 0x0301);
                int recordLength = r.u16();
                assertThat(recordLength).isEqualTo(records.length - 5);
                assertThat(r.u8()).isEqualTo(1);
                int helloLength = r.u24();
                assertThat(helloLength).isEqualTo(recordLength - 4);
                if (v != ProtocolVersion.SSL3) { // an SSLv3 hello has no extensions to pad with
                    assertThat(helloLength + 4 < 256 || helloLength + 4 >= 512).as("RFC 7685: not in 256..511").isTrue();
                }
            }
        }
    }

    @Test
    void sniOmitsAddressLiterals() {
        byte[] withName = ClientHello.forProbe(ProtocolVersion.TLS1_2, List.of(0xC02F), Optional.of("host.test")).toRecords();
        byte[] withIp = ClientHello.forProbe(ProtocolVersion.TLS1_2, List.of(0xC02F), Optional.of("127.0.0.1")).toRecords();
        assertThat(new String(withName, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("host.test");
        assertThat(new String(withIp, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("127.0.0.1");
    }

    @Test
    void jsseAnswersTls12AndTls13Hellos() throws Exception {
        SSLServerSocket server = (SSLServerSocket) TestServerIdentity.get().serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.3"));
        server.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
        CompletableFuture<Void> acceptor = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2; i++) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(2000);
                    s.startHandshake();
                } catch (Exception expected) {
                    // the probe hangs up after the ServerHello
                }
            }
        });
        try (server) {
            var reader = ServerFlightReader.standard();
            try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                var answer = reader.exchange(s, ClientHello.forProbe(ProtocolVersion.TLS1_2, List.of(0xC030, 0xC02F), Optional.of("rsa.test")),
                        Deadline.after(Duration.ofSeconds(5)), ServerFlightReader.ReadUntil.KEY_EXCHANGE);
                assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
                    assertThat(h.hello().version()).isEqualTo(ProtocolVersion.TLS1_2);
                    assertThat(h.hello().cipherSuite()).isIn(0xC030, 0xC02F);
                    assertThat(h.hello().secureRenegotiation()).isTrue();
                    assertThat(h.keyExchange()).containsInstanceOf(ServerKeyExchangeParameters.NamedCurve.class);
                    assertThat(h.certificateMessages()).isEqualTo(1);
                });
            }
            try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                var answer = reader.exchange(s, ClientHello.forProbe(ProtocolVersion.TLS1_3, List.of(0x1302, 0x1301), Optional.empty()),
                        Deadline.after(Duration.ofSeconds(5)), ServerFlightReader.ReadUntil.SERVER_HELLO);
                assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
                    assertThat(h.hello().version()).isEqualTo(ProtocolVersion.TLS1_3);
                    assertThat(h.hello().cipherSuite()).isIn(0x1301, 0x1302);
                    assertThat(h.hello().keyShareGroup()).isPresent();
                });
            }
        }
        acceptor.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
