package io.certatlas.server.scanning;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.server.LoopbackTlsServer;
import io.certatlas.server.RunningServer;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Observation;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A remote scanner's results posted to {@code POST /api/v1/observations} of a real server: a real
 * scan of a JSSE server on 127.0.0.33, sent as the wire format, judged again by the server and
 * recorded; and every kind of bad batch refused with the field at fault.
 */
@Timeout(120)
class ObservationsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static LoopbackTlsServer target;
    private static EndpointReport report;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        target = LoopbackTlsServer.start("127.0.0.33");
        report = new Scanner(ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5)))
                .scan(new Endpoint(target.address(), target.port(), Optional.of("localhost")));
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        server.close();
    }

    private static ObjectNode batch(ObjectNode... endpoints) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("endpoints");
        for (ObjectNode endpoint : endpoints) {
            list.add(endpoint);
        }
        return body;
    }

    private static ObjectNode scanned() {
        return ObservedEndpoint.of(report).orElseThrow().toJson(JSON);
    }

    private static JsonNode refusal(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void thePostedFactsJudgedByTheServerGiveTheObservationALocalScanRecords() {
        // The server judges with the scanner's trust here, so both must agree on every field.
        TrustAnchors testRoot = TrustAnchors.of(List.of(TestPki.shared().root().certificate()));
        EndpointReport local = new Scanner(ScanOptions.defaults().withEndpointDeadline(Duration.ofSeconds(5)).withTrustAnchors(testRoot))
                .scan(new Endpoint(target.address(), target.port(), Optional.of("localhost")));
        Observation expected = ScanObservations.of(local).orElseThrow();

        ObjectNode wire = ObservedEndpoint.of(local).orElseThrow().toJson(JSON);
        PostedField field = PostedField.root(JSON.readTree(JSON.writeValueAsString(wire)));
        Observation posted = new PostedEndpoints(testRoot, Clock.systemUTC())
                .observe(ObservedEndpoint.fromJson(field, local.observedAt()), field);

        assertThat(posted.instance()).isEqualTo(expected.instance());
        assertThat(posted.asset()).isEqualTo(expected.asset());
        assertThat(posted.findings()).isEqualTo(expected.findings());
        assertThat(posted.chain()).extracting(CertificateFacts::certhash).containsExactlyElementsOf(
                expected.chain().stream().map(CertificateFacts::certhash).toList());
        assertThat(posted.observedAt()).isEqualTo(expected.observedAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(posted.instance().orElseThrow().grade()).isNotEqualTo("T").isNotEmpty();
    }

    @Test
    void aManagerPostsAScannedEndpointAndTheApiShowsItsAssetInstanceCertificateAndFindings() {
        String token = server.adminToken();
        HttpResponse<String> posted = server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(scanned())));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(posted.body());
        assertThat(answer.get("received").asInt()).isEqualTo(1);
        assertThat(answer.get("recorded").asInt()).isEqualTo(1);
        // The server trusts the JDK's roots, not the test CA: T, and the untrusted-chain finding, whatever the scanner thought.
        assertThat(answer.get("endpoints").get(0).get("grade").asString()).isEqualTo("T");

        JsonNode certificates = JSON.readTree(server.post("/certview/v1/certificates", token,
                "{\"filter\": \"asset.interfaces.address:127.0.0.33 and type:Leaf\"}").body());
        assertThat(certificates.size()).as(certificates.toString()).isEqualTo(1);
        assertThat(certificates.get(0).get("certhash").asString()).isEqualTo(answer.get("endpoints").get(0).get("certhash").asString());
        JsonNode asset = certificates.get(0).get("assets").get(0);
        JsonNode instance = asset.get("hostInstances").get(0);
        assertThat(instance.get("port").asInt()).isEqualTo(target.port());
        assertThat(instance.get("fqdn").asString()).isEqualTo("localhost");
        assertThat(instance.get("sslProtocols").toString()).contains("TLSv1.2", "TLSv1.3");
        assertThat(instance.get("grade").asString()).isEqualTo("T");
        assertThat(instance.get("vulnerabilities").toString()).contains("86002");
    }

    @Test
    void onlyAManagerMayPost() {
        new Accounts(server.database.dsl()).create("observer", Passwords.encoder().encode("observer password!"), Role.USER, List.of());
        String viewer = server.token("observer", "observer password!");
        JsonNode refused = refusal(server.post("/api/v1/observations", viewer, JSON.writeValueAsString(batch(scanned()))), 403);
        assertThat(refused.get("message").asString()).contains("manager");
    }

    @Test
    void aMalformedEndpointIsRefusedWithItsFieldAndNothingOfTheBatchIsRecorded() {
        String token = server.adminToken();
        ObjectNode good = scanned();
        good.put("address", "127.0.0.34");
        ObjectNode bad = scanned();
        bad.put("port", 70000);
        JsonNode refused = refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(good, bad))), 400);
        assertThat(refused.get("field").asString()).isEqualTo("endpoints[1].port");
        assertThat(refused.get("message").asString()).contains("65535");
        JsonNode none = JSON.readTree(server.post("/certview/v1/certificates", token,
                "{\"filter\": \"asset.interfaces.address:127.0.0.34\"}").body());
        assertThat(none.size()).as(none.toString()).isZero();

        ObjectNode name = scanned();
        name.put("address", "web.internal");
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(name))), 400)
                .get("field").asString()).isEqualTo("endpoints[0].address");
        ObjectNode suite = scanned();
        ((ObjectNode) suite.get("enumeration")).putObject("suites").putArray("TLSv1.3").add("TLS_MADE_UP");
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(suite))), 400)
                .get("field").asString()).isEqualTo("endpoints[0].enumeration.suites.TLSv1.3[0]");
        ObjectNode future = scanned();
        future.put("scannedAt", System.currentTimeMillis() + Duration.ofDays(1).toMillis());
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(future))), 400)
                .get("field").asString()).isEqualTo("endpoints[0].scannedAt");
        assertThat(refusal(server.post("/api/v1/observations", token, "{\"endpoints\": []}"), 400)
                .get("field").asString()).isEqualTo("endpoints");
        assertThat(refusal(server.post("/api/v1/observations", token, "{\"endpoints\": [{\"port\": 443"), 400)
                .get("errorCode").asString()).isEqualTo("INVALID_REQUEST_BODY");
    }

    @Test
    void forgedChainBytesAreRefused() {
        String token = server.adminToken();
        ObjectNode garbage = scanned();
        ((ArrayNode) garbage.get("chain")).set(0, Base64.getEncoder().encodeToString("not a certificate at all".getBytes()));
        JsonNode refused = refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(garbage))), 400);
        assertThat(refused.get("field").asString()).isEqualTo("endpoints[0].chain[0]");

        ObjectNode truncated = scanned();
        byte[] der = Base64.getDecoder().decode(truncated.get("chain").get(0).asString());
        ((ArrayNode) truncated.get("chain")).set(0, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(der, der.length - 40)));
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(truncated))), 400)
                .get("field").asString()).isEqualTo("endpoints[0].chain[0]");

        ObjectNode notBase64 = scanned();
        ((ArrayNode) notBase64.get("chain")).set(0, "%%%");
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(notBase64))), 400)
                .get("field").asString()).isEqualTo("endpoints[0].chain[0]");
    }

    @Test
    void tooManyEndpointsOrTooLargeABodyIsRefused() {
        String token = server.adminToken();
        ObjectNode[] many = new ObjectNode[ObservationsController.MAX_ENDPOINTS + 1];
        java.util.Arrays.fill(many, scanned());
        assertThat(refusal(server.post("/api/v1/observations", token, JSON.writeValueAsString(batch(many))), 400)
                .get("field").asString()).isEqualTo("endpoints");

        String huge = "{\"endpoints\": [{\"address\": \"" + "x".repeat(ObservationsController.MAX_BODY_BYTES) + "\"}]}";
        assertThat(refusal(server.post("/api/v1/observations", token, huge), 413).get("message").asString()).contains("MiB");
    }
}
