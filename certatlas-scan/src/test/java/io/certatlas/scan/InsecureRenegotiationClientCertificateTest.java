package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.fleet.GnutlsNamespacedServer;
import io.certatlas.scan.probe.ClientRenegotiation;
import io.certatlas.scan.target.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server without RFC 5746 that asks for a client certificate (gnutls-serv asks by default):
 * the insecure-renegotiation probe answers with an empty Certificate message, as a client
 * without a certificate does, finds the renegotiation and grades F. When the server insists on
 * a certificate, the probe cannot run, and the results and the grade summary say why.
 */
@Timeout(120)
class InsecureRenegotiationClientCertificateTest {

    private static final ScanOptions OPTIONS = ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5));
    private static final String NO_RFC_5746 = "NORMAL:%DISABLE_SAFE_RENEGOTIATION:-VERS-TLS1.3";

    @TempDir
    Path dir;

    @BeforeEach
    void namespacesAvailable() {
        GnutlsNamespacedServer.unavailable().ifPresent(reason -> Assumptions.abort("cannot run gnutls-serv in a namespace: " + reason));
    }

    @Test
    void aServerThatAsksForACertificateIsFoundRenegotiatingInsecurely() throws Exception {
        try (GnutlsNamespacedServer server = GnutlsNamespacedServer.start(dir, "127.0.0.34", NO_RFC_5746, List.of())) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));

            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.outcome() + " " + report.enumeration()));
            ClientRenegotiation insecure = profile.enumeration().insecureClientRenegotiation();
            assertThat(insecure.state()).as(insecure.detail()).isEqualTo(ClientRenegotiation.State.ACCEPTED);
            assertThat(report.findings()).extracting(Finding::qid).contains(9000006);
            assertThat(profile.gradeWithTrustIgnored()).isEqualTo("F");
        }
    }

    @Test
    void aServerThatRequiresACertificateLeavesTheProbeNotTestedAndSaysSo() throws Exception {
        try (GnutlsNamespacedServer server = GnutlsNamespacedServer.start(dir, "127.0.0.34", NO_RFC_5746, List.of("-r"))) {
            EndpointReport report = new Scanner(OPTIONS).scan(Endpoint.of(server.address(), server.port()));

            TlsProfile profile = report.profile().orElseThrow(() -> new AssertionError(report.outcome() + " " + report.enumeration()));
            ClientRenegotiation insecure = profile.enumeration().insecureClientRenegotiation();
            assertThat(insecure.state()).as(insecure.detail()).isEqualTo(ClientRenegotiation.State.NOT_TESTED);
            assertThat(insecure.detail()).contains("requires a client certificate");
            assertThat(profile.probeFailures()).anySatisfy(failure -> assertThat(failure)
                    .startsWith("insecure renegotiation: not tested").contains("client certificate"));
            assertThat(profile.gradeSummary().notices()).anySatisfy(notice -> assertThat(notice)
                    .startsWith("could not test insecure renegotiation").contains("client certificate"));
            assertThat(profile.complete()).isFalse();
        }
    }
}
