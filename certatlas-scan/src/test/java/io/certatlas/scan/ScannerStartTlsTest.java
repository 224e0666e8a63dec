package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.engine.FailureReason;
import io.certatlas.scan.fleet.CertificateFleet;
import io.certatlas.scan.fleet.SmtpTestServer;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scanner reaches TLS behind the other engineer's pre-TLS dialogues (here SMTP STARTTLS). */
@Timeout(30)
class ScannerStartTlsTest {

    private final Scanner scanner = new Scanner(ScanOptions.defaults()
            .withEndpointDeadline(Duration.ofSeconds(3))
            .withWrapper(Optional.of(TlsWrapper.SMTP))
            .withTrustAnchors(TrustAnchors.of(List.of(TestPki.shared().root().certificate()))));

    @Test
    void capturesTheChainAfterStartTls() throws Exception {
        try (SmtpTestServer smtp = new SmtpTestServer(CertificateFleet.loopback(100),
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray(), true)) {
            EndpointReport report = scanner.scan(new Endpoint(CertificateFleet.loopback(100), smtp.port(), Optional.of("localhost")));
            assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.wrapper()).isEqualTo(TlsWrapper.SMTP);
            assertThat(report.chain()).hasSize(2);
            assertThat(report.findings()).extracting(f -> f.key()).doesNotContain("cert.untrusted", "cert.name-mismatch");
            // Every enumeration probe goes through the same STARTTLS dialogue before its ClientHello.
            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
            assertThat(profile.protocols()).contains("TLSv1.2", "TLSv1.3");
            assertThat(profile.grade()).isNotEqualTo("T");
        }
    }

    @Test
    void aServerWithoutStartTlsIsAPreTlsFailure() throws Exception {
        try (SmtpTestServer smtp = new SmtpTestServer(CertificateFleet.loopback(101),
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray(), false)) {
            EndpointReport report = scanner.scan(Endpoint.of(CertificateFleet.loopback(101), smtp.port()));
            assertThat(report.outcome()).isInstanceOfSatisfying(EndpointOutcome.Failed.class, failed -> {
                assertThat(failed.reason()).isEqualTo(FailureReason.PRE_TLS_NEGOTIATION_FAILED);
                assertThat(failed.detail()).startsWith("server_does_not_offer_tls");
            });
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheScan() {
        var plan = io.certatlas.scan.target.ScanPlan.builder().targets("127.0.0.102 127.0.0.103").ports("1").build();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ScanSummary summary = scanner.scan(plan, new ScanListener() {
            @Override
            public void onResult(EndpointReport report) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        });
        assertThat(calls).hasValue(2);
        assertThat(summary.endpoints()).isEqualTo(2);
        assertThat(summary.byOutcome()).containsEntry("closed", 2L);
    }

    @Test
    void theServiceIsGuessedFromThePort() {
        assertThat(Service.forPort(443)).isEqualTo("https");
        assertThat(Service.forPort(3389)).isEqualTo("win_remote_desktop");
        assertThat(Service.forPort(636)).isEqualTo("ldaps");
        assertThat(Service.forPort(993)).isEqualTo("imaps");
        assertThat(Service.forPort(25)).isEqualTo("smtp");
        assertThat(Service.forPort(12345)).isEqualTo("unknown");
    }

    @Test
    void aPlaintextGreetingOnAnUnusualPortIsScannedWithStartTlsAndRecordedAsSmtp() throws Exception {
        try (SmtpTestServer smtp = new SmtpTestServer(CertificateFleet.loopback(102),
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray(), true)) {
            Scanner byPort = new Scanner(ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5)).withEnumeration(false));
            EndpointReport report = byPort.scan(Endpoint.of(CertificateFleet.loopback(102), smtp.port()));
            assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(report.wrapper()).isEqualTo(TlsWrapper.SMTP);
            assertThat(report.service()).isEqualTo("smtp");
        }
    }

    @Test
    void aPortMapChoosesTheDialogueAndTheServiceFollowsIt() throws Exception {
        try (SmtpTestServer smtp = new SmtpTestServer(CertificateFleet.loopback(103),
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray(), true)) {
            ScanOptions options = ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5)).withEnumeration(false);
            EndpointReport mapped = new Scanner(options.withWrappersByPort(java.util.Map.of(smtp.port(), TlsWrapper.SMTP)))
                    .scan(Endpoint.of(CertificateFleet.loopback(103), smtp.port()));
            assertThat(mapped.outcome()).isInstanceOf(EndpointOutcome.Tls.class);
            assertThat(mapped.service()).isEqualTo("smtp");

            EndpointReport direct = new Scanner(options.withWrappersByPort(java.util.Map.of(smtp.port(), TlsWrapper.NONE)))
                    .scan(Endpoint.of(CertificateFleet.loopback(103), smtp.port()));
            assertThat(direct.outcome()).isInstanceOfSatisfying(EndpointOutcome.NotTls.class, notTls ->
                    assertThat(notTls.hint()).contains("--starttls " + smtp.port() + "=smtp"));
        }
    }
}
