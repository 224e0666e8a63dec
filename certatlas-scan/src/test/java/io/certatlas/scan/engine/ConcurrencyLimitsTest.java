package io.certatlas.scan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.fleet.CertificateFleet;
import io.certatlas.scan.fleet.ConnectionCounter;
import io.certatlas.scan.fleet.TlsTestServer;
import io.certatlas.scan.target.PortList;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's caps, proven by servers that count the connections open at once. Each server
 * waits a little before its handshake, so connections overlap whenever the scanner lets them.
 */
@Timeout(60)
class ConcurrencyLimitsTest {

    private static final Duration HOLD = Duration.ofMillis(150);

    @Test
    void noMoreThanThePerHostLimitTalkToOneAddress() throws Exception {
        InetAddress host = CertificateFleet.loopback(60);
        ConnectionCounter counter = new ConnectionCounter();
        List<TlsTestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                servers.add(new TlsTestServer(host, 0, TestPki.shared().keyStore(TestPki.Case.GOOD),
                        TestPki.PASSWORD.toCharArray(), counter, HOLD));
            }
            ScanPlan plan = ScanPlan.builder().targets(host.getHostAddress())
                    .ports(PortList.of(servers.stream().mapToInt(TlsTestServer::port).toArray())).build();
            ScanSummary summary = scanner(64, 3).scan(plan, ScanListener.none());

            assertThat(summary.tls()).isEqualTo(12);
            assertThat(counter.total()).isEqualTo(12);
            assertThat(counter.maximum()).isEqualTo(3);
        } finally {
            for (TlsTestServer server : servers) {
                server.close();
            }
        }
    }

    @Test
    void noMoreThanTheGlobalLimitAreInFlight() throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        List<TlsTestServer> servers = new ArrayList<>();
        int port = CertificateFleet.freePort(CertificateFleet.loopback(70));
        try {
            StringBuilder targets = new StringBuilder();
            for (int octet = 70; octet < 78; octet++) {
                servers.add(new TlsTestServer(CertificateFleet.loopback(octet), port,
                        TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray(), counter, HOLD));
                targets.append("127.0.0.").append(octet).append(' ');
            }
            ScanPlan plan = ScanPlan.builder().targets(targets.toString()).ports(PortList.of(port)).build();
            AtomicInteger results = new AtomicInteger();
            ScanSummary summary = scanner(2, 2).scan(plan, new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
                    results.incrementAndGet();
                }
            });

            assertThat(summary.tls()).isEqualTo(8);
            assertThat(results).hasValue(8);
            assertThat(counter.maximum()).isEqualTo(2);
        } finally {
            for (TlsTestServer server : servers) {
                server.close();
            }
        }
    }

    private static Scanner scanner(int concurrency, int perHost) {
        return new Scanner(ScanOptions.defaults().withConcurrency(concurrency).withPerHostLimit(perHost).withEnumeration(false)
                .withEndpointDeadline(Duration.ofSeconds(5))
                .withTrustAnchors(TrustAnchors.of(List.of(TestPki.shared().root().certificate()))));
    }
}
