package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.JsseTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers that offer only what the capture's full handshake does not do (RC4, anonymous suites):
 * the chain still comes, read from the server's cleartext flight, and the endpoint is
 * enumerated and reported, never turned away.
 */
@Timeout(60)
class LegacyOnlyServerCaptureTest {

    private static final ScanOptions OPTIONS = ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5));

    @Test
    void anRc4OnlyServerIsCapturedEnumeratedAndReported() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.32", List.of("TLSv1.2"), List.of("SSL_RSA_WITH_RC4_128_SHA"), true)) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));

            assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.chain()).hasSize(1);
            assertThat(report.protocol()).isEqualTo("TLSv1.2");
            assertThat(((EndpointOutcome.Tls) report.outcome()).cipherSuite()).isEqualTo("TLS_RSA_WITH_RC4_128_SHA");
            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
            assertThat(profile.suites().get("TLSv1.2")).containsExactly("TLS_RSA_WITH_RC4_128_SHA");
            assertThat(report.findings()).extracting(Finding::qid).contains(38601);
        }
    }

    @Test
    void anAnonymousOnlyServerIsReportedWithAnEmptyChainAndF() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.32", List.of("TLSv1.2"), List.of("TLS_DH_anon_WITH_AES_128_CBC_SHA"), true)) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));

            assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.chain()).isEmpty();
            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
            assertThat(profile.suites().get("TLSv1.2")).containsExactly("TLS_DH_anon_WITH_AES_128_CBC_SHA");
            assertThat(report.findings()).extracting(Finding::qid).contains(38142);
        }
    }
}
