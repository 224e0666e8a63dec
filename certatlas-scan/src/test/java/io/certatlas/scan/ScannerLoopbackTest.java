package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.fleet.TlsTestServer;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IPv6 loopback, and no thread of the scanner outlives a scan. */
@Timeout(30)
class ScannerLoopbackTest {

    private final Scanner scanner = new Scanner(ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(3))
            .withTrustAnchors(TrustAnchors.of(List.of(TestPki.shared().root().certificate()))));

    @Test
    void scansAnIpv6Endpoint() throws Exception {
        try (TlsTestServer server = new TlsTestServer(InetAddress.getByName("::1"), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            List<EndpointReport> reports = new ArrayList<>();
            scanner.scan(ScanPlan.builder().targets("[::1]").ports(String.valueOf(server.port())).build(), new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    reports.add(report);
                }
            });
            assertThat(reports).singleElement().satisfies(report -> {
                assertThat(report.address()).isEqualTo("0:0:0:0:0:0:0:1");
                assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
                assertThat(report.fqdn()).isEmpty();
            });
        }
    }

    @Test
    void noScannerThreadOutlivesTheScan() {
        scanner.scan(ScanPlan.builder().targets("127.0.0.104/30").ports("1,2").build(), ScanListener.none());
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("certatlas-scan"));
    }
}
