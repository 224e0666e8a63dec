package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.fleet.CertificateFleet;
import io.certatlas.scan.fleet.ConnectionCounter;
import io.certatlas.scan.fleet.TlsTestServer;
import io.certatlas.scan.grade.GradeSummary;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.target.PortList;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.TestServerIdentity;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scanner's second half: after the chain capture, each endpoint is enumerated, graded and
 * given its protocol findings, against real JSSE servers on 127.0.0.120 onward.
 */
@Timeout(60)
class ScannerEnumerationTest {

    private static final ScanOptions OPTIONS = ScanOptions.defaults()
            .withEndpointDeadline(Duration.ofSeconds(3))
            .withTrustAnchors(TrustAnchors.of(List.of(TestPki.shared().root().certificate())));

    @BeforeAll
    static void legacyCryptoServable() {
        TestServerIdentity.get(); // re-enables TLS 1.0, RC4 and 3DES before the first SSLContext
    }

    @Test
    void aTls10ServerIsEnumeratedGradedAndFound() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.120", List.of("TLSv1", "TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), true)) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));

            assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.chain()).isNotEmpty();
            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
            assertThat(profile.protocols()).containsExactly("TLSv1", "TLSv1.2");
            assertThat(profile.suites()).containsOnlyKeys("TLSv1", "TLSv1.2");
            assertThat(profile.suites().get("TLSv1.2"))
                    .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
            assertThat(profile.suites().get("TLSv1")).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
            // The test identity is self-signed and not among the trust anchors: T, and B (TLS 1.0) with trust ignored.
            assertThat(profile.grade()).isEqualTo("T");
            assertThat(profile.gradeWithTrustIgnored()).isEqualTo("B");
            GradeSummary summary = profile.gradeSummary();
            assertThat(summary.grade()).isEqualTo("T");
            assertThat(summary.protocolSupportInfo()).containsEntry("TLSv1", true).containsEntry("TLSv1.3", false).hasSize(6);
            assertThat(summary.cipherSuites()).containsKeys("TLSv1", "TLSv1.2");

            List<Integer> qids = report.findings().stream().map(Finding::qid).toList();
            assertThat(qids).contains(38628, 42366, 38169, 38116).doesNotHaveDuplicates().doesNotContain(38794, 38606);
            assertThat(report.timings().enumeration()).isPositive();
        }
    }

    @Test
    void aTrustedModernServerGradesWithoutT() throws Exception {
        try (TlsTestServer server = new TlsTestServer(CertificateFleet.loopback(121), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            EndpointReport report = new Scanner(OPTIONS).scan(new Endpoint(server.address(), server.port(), Optional.of("localhost")));

            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
            assertThat(profile.protocols()).contains("TLSv1.2", "TLSv1.3");
            assertThat(profile.grade()).isNotEqualTo("T").isEqualTo(profile.gradeWithTrustIgnored());
            assertThat(profile.gradeSummary().certificateScore()).isEqualTo(100);
            assertThat(profile.complete()).as(profile.probeFailures().toString()).isTrue();
        }
    }

    @Test
    void aFailedEnumerationKeepsTheCapturedChain() throws Exception {
        try (TlsTestServer server = new TlsTestServer(CertificateFleet.loopback(122), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            // A budget spent before the first probe: every probe is reported as timed out.
            EndpointReport report = new Scanner(OPTIONS.withEnumerationBudget(Duration.ofNanos(1)))
                    .scan(new Endpoint(server.address(), server.port(), Optional.of("localhost")));

            assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.chain()).hasSize(2);
            assertThat(report.enumeration()).isInstanceOfSatisfying(EnumerationOutcome.Failed.class,
                    failed -> assertThat(failed.reason()).startsWith("no protocol version answered"));
            assertThat(report.profile()).isEmpty();
            assertThat(report.findings()).extracting(Finding::key).contains("cert.information");
        }
    }

    @Test
    void aPeerThatGoesSilentAfterTheCaptureCostsOneEnumerationBudget() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, CertificateFleet.loopback(125))) {
            // The first connection gets a TLS handshake; every later one is accepted and never answered.
            Thread.ofVirtual().start(() -> {
                boolean first = true;
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        held.add(socket);
                        if (first) {
                            first = false;
                            Thread.ofVirtual().start(() -> {
                                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true)) {
                                    tls.setUseClientMode(false);
                                    tls.setSoTimeout(5000);
                                    tls.startHandshake();
                                    tls.getInputStream().read();
                                } catch (IOException e) {
                                    // The scanner hangs up after the capture.
                                }
                            });
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Duration budget = Duration.ofSeconds(2);
            EndpointReport report = new Scanner(OPTIONS.withEndpointDeadline(Duration.ofSeconds(1)).withEnumerationBudget(budget))
                    .scan(new Endpoint(listener.getInetAddress(), listener.getLocalPort(), Optional.of("localhost")));

            assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.chain()).hasSize(2);
            assertThat(report.enumeration()).isInstanceOfSatisfying(EnumerationOutcome.Failed.class,
                    failed -> assertThat(failed.reason()).contains("no protocol version answered"));
            assertThat(report.timings().enumeration()).isLessThan(budget.plusMillis(1500));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void switchedOffItDoesNotRun() throws Exception {
        try (TlsTestServer server = new TlsTestServer(CertificateFleet.loopback(123), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            EndpointReport report = new Scanner(OPTIONS.withEnumeration(false))
                    .scan(new Endpoint(server.address(), server.port(), Optional.of("localhost")));

            assertThat(report.enumeration()).isInstanceOf(EnumerationOutcome.NotRun.class);
            assertThat(report.findings()).extracting(Finding::key).allMatch(key -> key.startsWith("cert."));
            // One connection, the capture's: no probe connected.
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void probesStayWithinThePerHostLimit() throws Exception {
        InetAddress host = CertificateFleet.loopback(124);
        ConnectionCounter counter = new ConnectionCounter();
        List<TlsTestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                // Each server sits on a connection a little before answering, so connections overlap if the scanner lets them.
                servers.add(new TlsTestServer(host, 0, TestPki.shared().keyStore(TestPki.Case.GOOD),
                        TestPki.PASSWORD.toCharArray(), counter, Duration.ofMillis(5)));
            }
            ScanPlan plan = ScanPlan.builder().targets(host.getHostAddress())
                    .ports(PortList.of(servers.stream().mapToInt(TlsTestServer::port).toArray())).build();
            ConcurrentLinkedQueue<EndpointReport> reports = new ConcurrentLinkedQueue<>();
            new Scanner(OPTIONS.withConcurrency(8).withPerHostLimit(2)).scan(plan, new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    reports.add(report);
                }
            });

            assertThat(reports).hasSize(3).allSatisfy(report -> assertThat(report.profile()).isPresent());
            int probes = reports.stream().mapToInt(r -> r.profile().orElseThrow().enumeration().probesSent()).sum();
            assertThat(counter.total()).as("connections for %d probes", probes).isGreaterThan(3 + probes / 2);
            assertThat(counter.maximum()).isEqualTo(2);
        } finally {
            for (TlsTestServer server : servers) {
                server.close();
            }
        }
    }
}
