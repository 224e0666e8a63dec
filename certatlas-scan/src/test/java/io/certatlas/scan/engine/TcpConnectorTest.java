package io.certatlas.scan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.fleet.CertificateFleet;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.Deadline;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpConnectorTest {

    private final TcpConnector connector = new TcpConnector(Duration.ofMillis(1500));

    @Test
    void aListeningPortConnects() throws Exception {
        InetAddress address = CertificateFleet.loopback(90);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0));
            ConnectAttempt attempt = connector.connect(Endpoint.of(address, server.getLocalPort()), Deadline.after(Duration.ofSeconds(5)));
            assertThat(attempt).isInstanceOf(ConnectAttempt.Connected.class);
            ((ConnectAttempt.Connected) attempt).socket().close();
        }
    }

    @Test
    void aPortNobodyListensOnIsRefused() throws Exception {
        InetAddress address = CertificateFleet.loopback(91);
        int port = CertificateFleet.freePort(address);
        assertThat(connector.connect(Endpoint.of(address, port), Deadline.after(Duration.ofSeconds(5))))
                .isInstanceOf(ConnectAttempt.Refused.class);
    }

    /**
     * Linux drops a SYN when the listener's accept queue is full (net.ipv4.tcp_abort_on_overflow
     * is 0 by default), which on loopback looks exactly like a firewall that drops packets.
     */
    @Test
    void aPortThatDropsTheSynTimesOutAsFiltered() throws Exception {
        InetAddress address = CertificateFleet.loopback(92);
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, 0), 1);
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(server.getLocalSocketAddress(), 300);
                } catch (java.io.IOException queueAlreadyFull) {
                    // Once the queue is full, further fillers time out too; that is what we want.
                }
                fillers.add(filler);
            }
            long start = System.nanoTime();
            ConnectAttempt attempt = connector.connect(Endpoint.of(address, server.getLocalPort()), Deadline.after(Duration.ofSeconds(5)));
            assertThat(attempt).isInstanceOf(ConnectAttempt.TimedOut.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }
}
