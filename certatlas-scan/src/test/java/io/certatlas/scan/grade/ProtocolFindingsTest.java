package io.certatlas.scan.grade;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.probe.RenegotiationSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.certatlas.scan.tls.ProtocolVersion.SSL3;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_0;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_1;
import static io.certatlas.scan.tls.ProtocolVersion.TLS1_2;
import static org.assertj.core.api.Assertions.assertThat;

class ProtocolFindingsTest {

    private final ProtocolFindings findings = ProtocolFindings.standard();

    private List<Integer> qids(RatingGuide2009qTest.Server server) {
        return findings.findings(server.input()).stream().map(Finding::qid).toList();
    }

    @Test
    void modernServerOnlyGetsInformation() {
        assertThat(qids(RatingGuide2009qTest.modern())).containsExactly(42350, 38116);
    }

    @Test
    void legacyServerGetsEveryProtocolAndSuiteFinding() {
        var server = new RatingGuide2009qTest.Server()
                .with(SSL3, "AES128-SHA", "RC4-MD5")
                .with(TLS1_0, "AES128-SHA", "DES-CBC3-SHA", "EXP-RC4-MD5", "ADH-AES128-SHA")
                .with(TLS1_1, "AES128-SHA")
                .with(TLS1_2, "ECDHE-RSA-AES128-GCM-SHA256")
                .renegotiation(RenegotiationSupport.NOT_SUPPORTED);
        assertThat(qids(server)).containsExactly(38606, 38603, 38628, 38794, 38601, 38657, 38140, 38142, 42366, 42350, 38116);
        List<Finding> all = findings.findings(server.input());
        assertThat(all.get(5).detail()).isEqualTo("64-bit block suites: TLSv1 [DES-CBC3-SHA]");
        assertThat(all.get(9).detail()).contains("NOT supported");
        assertThat(all.get(7).severity()).isEqualTo(4);
    }

    @Test
    void beastNeedsCbcOnOldProtocols() {
        var gcmOnTls10 = new RatingGuide2009qTest.Server().with(TLS1_0, "RC4-SHA").with(TLS1_2, "AES128-SHA");
        assertThat(qids(gcmOnTls10)).doesNotContain(42366).contains(38628, 38601);
    }
}
