package io.certatlas.server.scanning;

import io.certatlas.server.LoopbackTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real scan of a JSSE server on 127.0.0.32, mapped into what the inventory stores. */
@Timeout(60)
class ScanObservationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static LoopbackTlsServer target;

    @BeforeAll
    static void start() throws Exception {
        target = LoopbackTlsServer.start("127.0.0.32");
    }

    @AfterAll
    static void stop() throws IOException {
        target.close();
    }

    private static EndpointReport scan(ScanOptions options) {
        return new Scanner(options.withEndpointDeadline(Duration.ofSeconds(3))
                .withTrustAnchors(TrustAnchors.of(List.of(TestPki.shared().root().certificate()))))
                .scan(new Endpoint(target.address(), target.port(), Optional.of("localhost")));
    }

    @Test
    void anEnumeratedEndpointBringsItsProtocolsSuitesAndGrade() {
        Observation observation = ScanObservations.of(scan(ScanOptions.defaults())).orElseThrow();
        ObservedInstance instance = observation.instance().orElseThrow();

        assertThat(instance.sslProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(instance.cipherSuites()).containsOnlyKeys("TLSv1.2", "TLSv1.3");
        assertThat(instance.cipherSuites().get("TLSv1.3")).contains("TLS_AES_256_GCM_SHA384");
        assertThat(instance.grade()).isNotEmpty().isNotEqualTo("T").isEqualTo(instance.gradeWithTrustIgnored());
        assertThat(observation.findings()).extracting(Observation.ObservedFinding::qid).contains(86002, 38116);

        JsonNode summary = JSON.readTree(instance.gradeSummaryJson().orElseThrow());
        assertThat(summary.get("grade").asString()).isEqualTo(instance.grade());
        assertThat(summary.get("protocolSupportWeightage").asInt()).isEqualTo(30);
        assertThat(summary.get("protocolSupportInfo").propertyNames())
                .containsExactly("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        assertThat(summary.get("protocolSupportInfo").get("TLSv1.3").asBoolean()).isTrue();
        assertThat(summary.get("cipherStrengthInfo").size()).isEqualTo(4);
        assertThat(summary.get("keyExchangeInfo").size()).isEqualTo(8);
        JsonNode suite = summary.get("cipherSuites").get("TLSv1.3").get(0);
        assertThat(suite.propertyNames()).containsExactlyInAnyOrder("name", "keyExchange", "encryptionKeyStrength", "category");
    }

    @Test
    void withoutEnumerationTheCapturedProtocolIsKeptAndThereIsNoGrade() {
        ObservedInstance instance = ScanObservations.of(scan(ScanOptions.defaults().withEnumeration(false)))
                .orElseThrow().instance().orElseThrow();

        assertThat(instance.sslProtocols()).containsExactly("TLSv1.3");
        assertThat(instance.cipherSuites()).isEmpty();
        assertThat(instance.grade()).isEmpty();
        assertThat(instance.gradeSummaryJson()).isEmpty();
    }
}
