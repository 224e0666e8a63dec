package io.certatlas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.client.error.NotAuthenticated;
import io.certatlas.client.error.NotFound;
import io.certatlas.client.error.RequestRejected;
import io.certatlas.client.error.ServerUnavailable;
import io.certatlas.client.model.Asset;
import io.certatlas.client.model.Certificate;
import io.certatlas.client.model.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client against a server that answers as Qualys documents its gateway (a path prefix, its
 * rate-limit headers, {@code assetId} without {@code uuid}, text error bodies): nothing it needs
 * is CertAtlas's own.
 */
class QualysGatewayTest {

    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());

    private CertViewClient client(FakeGateway gateway) {
        return CertViewClient.to(gateway.url()).user(FakeGateway.USER, FakeGateway.PASSWORD.toCharArray())
                .notices(notices::add).build();
    }

    @Test
    void listsEveryCertificateOnceAndFollowsUpExactlyTheCappedOne() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(450, 1_250)) {
            List<Certificate> all = client(gateway).certificates(CertificateQuery.all()).toList();

            assertThat(all).hasSize(450);
            assertThat(all.stream().map(Certificate::certhash).collect(Collectors.toSet())).hasSize(450);
            Certificate capped = all.get(0);
            assertThat(capped.assets()).hasSize(1_250);
            assertThat(capped.assets().stream().map(Asset::uuid).collect(Collectors.toSet())).hasSize(1_250);
            assertThat(all.get(1).assets()).hasSize(1_000);
            // Pages 0, 1, 2 and the empty page 3; the assets of certificate 0 only, 200 a page: 7 pages and the empty one.
            assertThat(gateway.count("/certview/v1/certificates")).isEqualTo(4);
            String cappedPath = "/certview/v1/certificates/" + capped.certhash() + "/assets";
            assertThat(gateway.count(cappedPath)).isEqualTo(8);
            assertThat(gateway.log).filteredOn(line -> line.endsWith("/assets")).allMatch(line -> line.endsWith(cappedPath));
            assertThat(notices).anyMatch(n -> n.contains(capped.certhash()) && n.contains("1000 of its 1250"));
        }
    }

    @Test
    void waitsOutTwoThrottledAnswersAsTheHeadersSay() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(30, 1)) {
            gateway.answerNext("/certview/v1/certificates", FakeGateway.throttled(1))
                    .answerNext("/certview/v1/certificates", FakeGateway.throttled(1));

            List<Certificate> all = client(gateway).certificates(CertificateQuery.all()).toList();

            assertThat(all).hasSize(30);
            assertThat(gateway.log).startsWith("POST /auth", "429 POST /certview/v1/certificates",
                    "429 POST /certview/v1/certificates", "POST /certview/v1/certificates");
            assertThat(notices).filteredOn(n -> n.contains("429")).hasSize(2)
                    .allMatch(n -> n.contains("waiting 1 s as it asks"));
        }
    }

    @Test
    void waitsOutA503WithRetryAfter() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(3, 1)) {
            gateway.answerNext("/certview/v1/certificates", new FakeGateway.Canned(503, Map.of("Retry-After", "1"),
                    "<html>Service Unavailable</html>"));

            assertThat(client(gateway).certificates(CertificateQuery.all()).count()).isEqualTo(3);
            assertThat(notices).anyMatch(n -> n.contains("503") && n.contains("waiting 1 s as it asks"));
        }
    }

    @Test
    void givesUpWhenTheServerAsksForAWaitLongerThanThePolicyAllows() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(3, 1)) {
            gateway.answerNext("/certview/v1/certificates", FakeGateway.throttled(3600));
            CertViewClient client = CertViewClient.to(gateway.url()).user(FakeGateway.USER, FakeGateway.PASSWORD.toCharArray())
                    .retry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(5))).build();

            assertThatThrownBy(() -> client.certificates(CertificateQuery.all()).toList())
                    .isInstanceOf(ServerUnavailable.class)
                    .hasMessageContaining("429")
                    .hasMessageContaining("asks to wait 3600 s");
        }
    }

    @Test
    void logsInAgainWhenTheGatewayRevokesTheToken() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(450, 1)) {
            CertViewClient client = client(gateway);
            List<Certificate> read = new ArrayList<>();
            client.certificates(CertificateQuery.all()).forEach(c -> {
                read.add(c);
                if (read.size() == 250) {
                    gateway.revokeToken();
                }
            });

            assertThat(read).hasSize(450);
            assertThat(client.logins()).isEqualTo(2);
        }
    }

    @Test
    void refusalsCarryTheServersMessage() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(3, 1)) {
            assertThatThrownBy(() -> client(gateway).certificates(CertificateQuery.all().withFilter("(((")).toList())
                    .isInstanceOf(RequestRejected.class)
                    .hasMessageContaining("400: Invalid filter query at 1");
            assertThatThrownBy(() -> client(gateway).assetsOf(FakeGateway.hash("nothing"), AssetQuery.all()).toList())
                    .isInstanceOf(NotFound.class)
                    .hasMessageContaining("Certificate not found");
            CertViewClient wrongPassword = CertViewClient.to(gateway.url()).user(FakeGateway.USER, "wrong".toCharArray()).build();
            assertThatThrownBy(() -> wrongPassword.certificates(CertificateQuery.all()).toList())
                    .isInstanceOf(NotAuthenticated.class)
                    .hasMessageContaining("login of scripter")
                    .hasMessageContaining("401: Bad credentials");
        }
    }

    @Test
    void pagesThroughV2InstancesAndCertificatesWithoutAWindow() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(205, 1).withInstances(410)) {
            CertViewClient client = client(gateway);
            List<Instance> instances = client.instances(StructuredQuery.all()).toList();

            assertThat(instances).hasSize(410);
            assertThat(instances.stream().map(Instance::id).collect(Collectors.toSet())).hasSize(410);
            assertThat(instances.get(1).port()).isEqualTo(8443);
            assertThat(instances.get(0).gradeWithTrustIgnored()).isEqualTo("A");
            assertThat(client.certificatesV2(StructuredQuery.all().withFilter(StructuredQuery.parseFilter(
                    "{\"filters\":[{\"field\":\"certificate.keySize\",\"operator\":\"EQUALS\",\"value\":\"2048\"}],\"operation\":\"AND\"}")))
                    .count()).isEqualTo(205);
            assertThat(gateway.count("/certview/v2/instances")).isEqualTo(4);
        }
    }

    @Test
    void aStreamReadsOnlyThePagesItsConsumerTakes() {
        try (FakeGateway gateway = FakeGateway.plain().withCertificates(1_000, 1)) {
            Set<String> first = client(gateway).certificates(CertificateQuery.all().withPageSize(50)).limit(60)
                    .map(Certificate::certhash).collect(Collectors.toSet());

            assertThat(first).hasSize(60);
            assertThat(gateway.count("/certview/v1/certificates")).isEqualTo(2);
        }
    }
}
