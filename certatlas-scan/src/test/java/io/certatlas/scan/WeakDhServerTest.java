package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.OpenSslTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that offer only DHE suites with a group of their own, made with {@code openssl dhparam}
 * as administrators do: the scanner captures the chain whatever the group's size, and reports
 * the weak key exchange with the rating guide's caps (under 1024 bits F, under 2048 bits B).
 */
@Timeout(90)
class WeakDhServerTest {

    private static final ScanOptions OPTIONS = ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void aCustom1024BitGroupIsCapturedGradedBAndReportedAsWeakKeyExchange() throws Exception {
        EndpointReport report = scanDheOnly(1024, "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA:@SECLEVEL=0");

        assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
        assertThat(report.chain()).hasSize(1);
        TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
        assertThat(profile.enumeration().dhPrimeBits()).containsExactly(1024);
        // key exchange under 2048 bits: 80 points and a B cap (self-signed: T, B with trust ignored)
        assertThat(profile.gradeSummary().keyExchangeScore()).isEqualTo(80);
        assertThat(profile.gradeWithTrustIgnored()).isEqualTo("B");
        Finding weak = report.findings().stream().filter(f -> f.qid() == 38863).findFirst()
                .orElseThrow(() -> new AssertionError("no weak key exchange finding in " + report.findings()));
        assertThat(weak.detail()).contains("DH 1024");
    }

    @Test
    void aCustom2048BitGroupIsCapturedAndNotReportedWeak() throws Exception {
        EndpointReport report = scanDheOnly(2048, "DHE-RSA-AES128-GCM-SHA256");

        assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
        TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
        assertThat(profile.enumeration().dhPrimeBits()).containsExactly(2048);
        assertThat(profile.gradeSummary().keyExchangeScore()).isEqualTo(90);
        assertThat(report.findings()).extracting(Finding::qid).doesNotContain(38863);
    }

    @Test
    void a512BitGroupAtSecurityLevelZeroIsCapturedAndGradedF() throws Exception {
        EndpointReport report;
        try {
            report = scanDheOnly(512, "DHE-RSA-AES128-SHA:@SECLEVEL=0");
        } catch (java.io.IOException e) {
            // OpenSSL 3 refuses DH groups under 1024 bits even at security level 0 ("dh key too small")
            Assumptions.abort("this OpenSSL does not serve a 512-bit DH group: " + e.getMessage());
            return;
        }

        assertThat(report.outcome()).as(report.outcome().toString()).isInstanceOf(EndpointOutcome.Tls.class);
        TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.enumeration()));
        assertThat(profile.enumeration().dhPrimeBits()).containsExactly(512);
        assertThat(profile.gradeWithTrustIgnored()).isEqualTo("F");
        assertThat(report.findings()).extracting(Finding::qid).contains(38863);
    }

    private EndpointReport scanDheOnly(int bits, String ciphers) throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        Path params = OpenSslTestServer.dhParameters(dir, bits);
        try (OpenSslTestServer server = OpenSslTestServer.startAtSecurityLevelZero(dir, "127.0.0.31",
                List.of("-no_tls1_3", "-dhparam", params.toString(), "-cipher", ciphers))) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));
            assertThat(server.log()).as("s_server serves the generated group").doesNotContain("Unable to load DH");
            return report;
        }
    }
}
