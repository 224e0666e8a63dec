package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /certview/v2/instances}: exact shape, the gradeSummary's every key, filters and paging. */
class V2InstancesApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> INSTANCE_KEYS = Set.of("id", "port", "scannedDate", "protocol", "service", "grade", "asset",
            "certificate", "gradeSummary");
    static final Set<String> SUMMARY_KEYS = Set.of("grade", "gradeWithTrustIgnored", "certificateScore",
            "protocolSupportScore", "keyExchangeScore", "cipherStrengthScore", "protocolSupportWeightage",
            "keyExchangeWeightage", "cipherStrengthWeightage", "warnings", "errors", "notices", "infos", "highlights",
            "protocolSupportInfo", "cipherStrengthInfo", "keyExchangeInfo", "cipherSuites");

    static RunningServer server;
    static V2Inventory inventory;
    static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = V2Inventory.fill(server.database);
        admin = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode instances(String token, String body) {
        HttpResponse<String> response = server.post("/certview/v2/instances", token, body);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static Set<String> keys(JsonNode object) {
        Set<String> keys = new HashSet<>();
        object.propertyNames().forEach(keys::add);
        return keys;
    }

    static Set<Integer> ports(JsonNode list) {
        Set<Integer> ports = new HashSet<>();
        list.forEach(i -> ports.add(i.get("port").asInt()));
        return ports;
    }

    @Test
    void everyInstanceHasExactlyTheContractsKeysAndAFullGradeSummary() {
        JsonNode all = instances(admin, "{\"pageSize\": \"200\", \"pageNumber\": \"0\"}");
        assertThat(all.size()).isEqualTo(6);
        for (JsonNode instance : all) {
            assertThat(keys(instance)).isEqualTo(INSTANCE_KEYS);
            assertThat(keys(instance.get("asset"))).isEqualTo(Set.of("id", "uuid", "name", "primaryIp"));
            assertThat(instance.get("asset").get("primaryIp").asString()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+|[0-9a-fA-F:]+");
            assertThat(keys(instance.get("certificate"))).isEqualTo(Set.of("id", "certhash", "name", "lastFound"));
            assertThat(instance.get("service").isString()).isTrue();
            assertThat(instance.get("scannedDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
            JsonNode summary = instance.get("gradeSummary");
            assertThat(keys(summary)).isEqualTo(SUMMARY_KEYS);
            assertThat(keys(summary.get("protocolSupportInfo")))
                    .containsExactlyInAnyOrder("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
            assertThat(keys(summary.get("cipherStrengthInfo"))).containsExactlyInAnyOrder("0 bits (no encryption)",
                    "< 128 bits (e.g., 40, 56)", "< 256 bits (e.g., 128, 168)", ">= 256 bits (e.g., 256)");
            assertThat(keys(summary.get("keyExchangeInfo"))).containsExactlyInAnyOrder("Weak key (Debian OpenSSL flaw)",
                    "Anonymous key exchange (no authentication)", "Key or DH parameter strength < 512 bits",
                    "Exportable key exchange", "Key or DH parameter strength < 1024 bits (e.g., 512)",
                    "Key or DH parameter strength < 2048 bits (e.g., 1024)",
                    "Key or DH parameter strength < 4096 bits (e.g., 2048)",
                    "Key or DH parameter strength >= 4096 bits (e.g., 4096)");
            assertThat(summary.get("protocolSupportWeightage").asInt()).isEqualTo(30);
            assertThat(summary.get("keyExchangeWeightage").asInt()).isEqualTo(30);
            assertThat(summary.get("cipherStrengthWeightage").asInt()).isEqualTo(40);
        }
        JsonNode weak = instances(admin, "{\"filter\": {\"filters\": [{\"field\": \"port\", \"operator\": \"EQUALS\","
                + " \"value\": 9443}]}}").get(0);
        assertThat(weak.get("certificate").get("certhash").asString()).isEqualTo(inventory.graded.certhash());
        assertThat(weak.get("asset").get("primaryIp").asString()).isEqualTo("127.0.0.15");
        JsonNode summary = weak.get("gradeSummary");
        assertThat(summary.get("grade").asString()).isEqualTo("B");
        assertThat(summary.get("keyExchangeScore").asInt()).isEqualTo(80);
        assertThat(summary.get("protocolSupportInfo").get("TLSv1.2").asBoolean()).isTrue();
        assertThat(summary.get("keyExchangeInfo").get("Key or DH parameter strength < 2048 bits (e.g., 1024)").asBoolean()).isTrue();
        assertThat(summary.get("cipherSuites").get("TLSv1.2").get(0).get("category").asString()).isEqualTo("WEAK");
        // An instance graded without a stored summary still shows its grade with trust ignored, as v1 and the endpoint page do.
        for (JsonNode instance : instances(admin, "{\"pageSize\": 200}")) {
            if (!instance.get("grade").asString().isEmpty()) {
                assertThat(instance.get("gradeSummary").get("gradeWithTrustIgnored").asString()).as(instance.toString()).isNotEmpty();
            }
        }
        JsonNode api = instances(admin, "{\"filterRequest\": {\"filters\": [{\"field\": \"asset.name\", \"operator\": \"EQUALS\","
                + " \"value\": \"api.example.com\"}]}}").get(0);
        assertThat(api.get("asset").get("primaryIp").asString()).isEqualTo("0.0.0.0");
    }

    @Test
    void filtersOnInstanceAssetAndCertificate() {
        JsonNode all = instances(admin, "{\"pageSize\": 200}");
        JsonNode first = all.get(0);
        assertThat(ports(instances(admin, "{\"filter\": {\"filters\": [{\"field\": \"instance.id\", \"operator\": \"EQUALS\","
                + " \"value\": " + first.get("id").asLong() + "}]}}"))).containsExactly(first.get("port").asInt());
        assertThat(instances(admin, "{\"filterRequest\": {\"filters\": [{\"field\": \"asset.id\", \"operator\": \"EQUALS\","
                + " \"value\": \"" + first.get("asset").get("id").asLong() + "\"}]}}").size()).isEqualTo(1);
        assertThat(ports(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"grade\", \"operator\": \"IN\","
                + " \"value\": [\"t\", \"B\"]}]}}"))).containsExactlyInAnyOrder(3389, 443, 9443);
        assertThat(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"protocol\", \"operator\": \"EQUALS\","
                + " \"value\": \"TCP\"}]}}").size()).isEqualTo(6);
        assertThat(instances(admin, "{\"filter\": {\"filters\": [{\"field\": \"instance.protocol\", \"operator\": \"EQUALS\","
                + " \"value\": \"udp\"}]}}").size()).isZero();
        assertThat(ports(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"certificate.certhash\","
                + " \"operator\": \"EQUALS\", \"value\": \"" + inventory.sample.webLeaf.certhash() + "\"}]}}")))
                .containsExactlyInAnyOrder(443, 8443);
        assertThat(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"keySize\","
                + " \"operator\": \"LESSER\", \"value\": 2048}]}}").get(0).get("port").asInt()).isEqualTo(9443);
        assertThat(ports(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"vulnerability.qid\","
                + " \"operator\": \"EQUALS\", \"value\": 38169}]}}"))).containsExactly(3389);
        assertThat(ports(instances(admin, "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"port\","
                + " \"operator\": \"GREATER\", \"value\": 8000}, {\"field\": \"asset.tags.name\", \"operator\": \"EQUALS\","
                + " \"value\": \"staging\"}], \"operation\": \"AND\"}}"))).containsExactly(8443);
        HttpResponse<String> bad = server.post("/certview/v2/instances", admin,
                "{\"filter\": {\"filters\": [{\"field\": \"prot\", \"operator\": \"EQUALS\", \"value\": 1}]}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("prot");
    }

    @Test
    void pagesInOrderWithNumbersOrStrings() {
        List<Long> seen = new java.util.ArrayList<>();
        for (int page = 0; page < 10; page++) {
            JsonNode list = instances(admin, "{\"pageSize\": \"4\", \"pageNumber\": \"" + page + "\", \"sort\": [{\"id\": \"asc\"}]}");
            if (list.isEmpty()) {
                break;
            }
            list.forEach(i -> seen.add(i.get("id").asLong()));
        }
        assertThat(seen).hasSize(6).isSorted().doesNotHaveDuplicates();
        HttpResponse<String> bad = server.post("/certview/v2/instances", admin, "{\"pageSize\": \"ten\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("pageSize");
    }
}
