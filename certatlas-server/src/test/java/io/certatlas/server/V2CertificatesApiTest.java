package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.CertificateFacts;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /certview/v2/certificates} over a real server and the embedded store: the exact
 * key sets for every combination of includes, every operator of the structured filter checked
 * against the certificates' own facts, excludeFields, assetType, ISO dates, paging past v1's
 * window, and the extensions (count, one certificate by hash, X-Total-Count).
 */
class V2CertificatesApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> INCLUDES = List.of("ASSET_INTERFACES", "VULNERABILITIES", "SSL_PROTOCOLS", "CIPHER_SUITES",
            "ASSET_TAGS", "EXTENSIVE_CERTIFICATE_INFO");
    static final Set<String> CERTIFICATE_KEYS = Set.of("id", "certhash", "keySize", "serialNumber", "validToDate",
            "validTo", "validFromDate", "validFrom", "signatureAlgorithm", "extendedValidation", "createdDate", "dn",
            "subject", "updateDate", "lastFound", "imported", "selfSigned", "issuer", "issuerCategory", "instanceCount",
            "assetCount", "sources", "assets", "type", "rootissuer");
    static final Set<String> EXTENSIVE_KEYS = Set.of("keyUsage", "enhancedKeyUsage", "subjectKeyIdentifier",
            "authKeyIdentifier", "subjectAlternativeNames", "rawData");
    static final Set<String> ASSET_KEYS = Set.of("id", "uuid", "netbiosName", "name", "operatingSystem", "hostInstances",
            "primaryIp");
    static final Set<String> INSTANCE_KEYS = Set.of("id", "port", "fqdn", "protocol", "service", "grade");
    static final Set<String> NAME_KEYS = Set.of("name", "organization", "organizationUnit", "locality", "state", "country");

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

    static JsonNode list(String path, String token, String body) {
        HttpResponse<String> response = server.post(path, token, body);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static Set<String> keys(JsonNode object) {
        Set<String> keys = new HashSet<>();
        object.propertyNames().forEach(keys::add);
        return keys;
    }

    static Set<String> hashes(JsonNode list) {
        Set<String> hashes = new LinkedHashSet<>();
        list.forEach(c -> hashes.add(c.get("certhash").asString()));
        return hashes;
    }

    @Test
    void everyCombinationOfIncludesGivesExactlyItsKeysInEveryVersion() {
        for (String version : List.of("v2", "v2.1", "v2.2")) {
            for (int mask = 0; mask < 1 << INCLUDES.size(); mask++) {
                List<String> includes = new ArrayList<>();
                for (int i = 0; i < INCLUDES.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        includes.add(INCLUDES.get(i));
                    }
                }
                String body = "{\"pageSize\": 200, \"includes\": " + JSON.writeValueAsString(includes) + "}";
                JsonNode certificates = list("/certview/" + version + "/certificates", admin, body);
                assertThat(certificates.size()).isEqualTo(inventory.all.size());
                Set<String> certificateKeys = new HashSet<>(CERTIFICATE_KEYS);
                if (!version.equals("v2")) {
                    certificateKeys.add("publicKeyAlgorithm");
                }
                if (includes.contains("EXTENSIVE_CERTIFICATE_INFO")) {
                    certificateKeys.addAll(EXTENSIVE_KEYS);
                }
                Set<String> assetKeys = new HashSet<>(ASSET_KEYS);
                if (includes.contains("ASSET_INTERFACES")) {
                    assetKeys.add("assetInterfaces");
                }
                if (includes.contains("ASSET_TAGS")) {
                    assetKeys.add("tags");
                }
                Set<String> instanceKeys = new HashSet<>(INSTANCE_KEYS);
                if (includes.contains("VULNERABILITIES")) {
                    instanceKeys.add("vulnerabilities");
                }
                if (includes.contains("SSL_PROTOCOLS")) {
                    instanceKeys.add("sslProtocols");
                }
                if (includes.contains("CIPHER_SUITES")) {
                    instanceKeys.add("cipherSuites");
                }
                int assetsSeen = 0;
                int instancesSeen = 0;
                for (JsonNode certificate : certificates) {
                    assertThat(keys(certificate)).as(version + " " + includes).isEqualTo(certificateKeys);
                    assertThat(keys(certificate.get("subject"))).isEqualTo(NAME_KEYS);
                    Set<String> issuerKeys = new HashSet<>(NAME_KEYS);
                    issuerKeys.add("certhash");
                    assertThat(keys(certificate.get("issuer"))).isEqualTo(issuerKeys);
                    assertThat(keys(certificate.get("rootissuer"))).isEqualTo(issuerKeys);
                    for (JsonNode asset : certificate.get("assets")) {
                        assetsSeen++;
                        assertThat(keys(asset)).as(version + " " + includes).isEqualTo(assetKeys);
                        for (JsonNode instance : asset.get("hostInstances")) {
                            instancesSeen++;
                            assertThat(keys(instance)).as(version + " " + includes).isEqualTo(instanceKeys);
                        }
                    }
                }
                assertThat(assetsSeen).isGreaterThan(3);
                assertThat(instancesSeen).isGreaterThanOrEqualTo(assetsSeen);
            }
        }
    }

    @Test
    void includedPartsCarryTheRecordedValues() {
        JsonNode certificates = list("/certview/v2.1/certificates", admin, "{\"pageSize\": 200, \"includes\": "
                + "\"asset_interfaces, vulnerabilities,SSL_PROTOCOLS,CIPHER_SUITES,ASSET_TAGS,EXTENSIVE_CERTIFICATE_INFO\"}");
        JsonNode weak = find(certificates, inventory.graded.certhash());
        assertThat(weak.get("publicKeyAlgorithm").asString()).isEqualTo(inventory.graded.publicKeyAlgorithm());
        assertThat(weak.get("keySize").asInt()).isEqualTo(1024);
        assertThat(weak.get("rawData").asString()).isEqualTo(java.util.Base64.getEncoder().encodeToString(inventory.graded.der()));
        JsonNode instance = weak.get("assets").get(0).get("hostInstances").get(0);
        assertThat(instance.get("port").asInt()).isEqualTo(9443);
        assertThat(instance.get("sslProtocols").toString()).isEqualTo("[\"TLSv1.2\"]");
        assertThat(instance.get("cipherSuites").toString()).isEqualTo("{\"TLSv1.2\":[\"TLS_RSA_WITH_AES_128_GCM_SHA256\"]}");
        JsonNode rdp = find(certificates, inventory.sample.rdp.certhash());
        JsonNode rdpInstance = rdp.get("assets").get(0).get("hostInstances").get(0);
        assertThat(rdpInstance.get("vulnerabilities").findValuesAsString("title"))
                .contains("SSL Certificate - Self-Signed Certificate");
        assertThat(rdp.get("assets").get(0).get("tags").get(0).get("name").asString()).isEqualTo("Staging");
        assertThat(rdp.get("assets").get(0).get("assetInterfaces").get(0).get("address").asString()).isEqualTo("127.0.0.13");
        JsonNode leaf = find(certificates, inventory.sample.webLeaf.certhash());
        assertThat(leaf.get("issuer").get("certhash").asString()).isEqualTo(inventory.sample.intermediate.certhash());
        assertThat(leaf.get("validToDate").asString())
                .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
                        .withZone(java.time.ZoneOffset.UTC).format(inventory.sample.webLeaf.validTo()));
        assertThat(leaf.get("validTo").asLong()).isEqualTo(inventory.sample.webLeaf.validTo().toEpochMilli());
    }

    static JsonNode find(JsonNode list, String certhash) {
        for (JsonNode c : list) {
            if (c.get("certhash").asString().equals(certhash)) {
                return c;
            }
        }
        throw new AssertionError(certhash + " not in " + hashes(list));
    }

    private static String filter(String field, String operator, Object value) {
        return "{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"" + field + "\", \"operator\": \"" + operator
                + "\", \"value\": " + JSON.writeValueAsString(value) + "}], \"operation\": \"AND\"}}";
    }

    private static void matches(String body, Predicate<CertificateFacts> expected) {
        Set<String> want = inventory.all.stream().filter(expected).map(CertificateFacts::certhash).collect(Collectors.toSet());
        assertThat(hashes(list("/certview/v2/certificates", admin, body))).as(body).containsExactlyInAnyOrderElementsOf(want);
        HttpResponse<String> count = server.post("/certview/v2/certificates/count", admin, body);
        assertThat(count.body()).as(body).isEqualTo("{\"count\":" + want.size() + "}");
    }

    @Test
    void everyOperatorSelectsWhatItSays() {
        CertificateFacts leaf = inventory.sample.webLeaf;
        int keySize = leaf.keySize();
        Instant validTo = leaf.validTo();
        matches(filter("certificate.certhash", "EQUALS", leaf.certhash()), c -> c == leaf);
        matches(filter("type", "NOT_EQUALS", "leaf"), c -> !c.type().name().equalsIgnoreCase("LEAF"));
        matches(filter("subject.name", "CONTAINS", leaf.subject().name().substring(1, 4)),
                c -> c.subject().name().toLowerCase(Locale.ROOT).contains(leaf.subject().name().substring(1, 4).toLowerCase(Locale.ROOT)));
        matches(filter("hash", "IN", List.of(leaf.certhash(), inventory.sample.rdp.certhash())),
                c -> c == leaf || c == inventory.sample.rdp);
        matches(filter("keySize", "GREATER", 1024), c -> c.keySize() > 1024);
        matches(filter("keySize", "LESSER", keySize), c -> c.keySize() < keySize);
        matches(filter("keySize", "GREATER_THAN_EQUAL", keySize), c -> c.keySize() >= keySize);
        matches(filter("keySize", "LESS_THAN_EQUAL", 1024), c -> c.keySize() <= 1024);
        matches(filter("validToDate", "GREATER", validTo.toString()), c -> c.validTo().isAfter(validTo));
        matches(filter("certificate.validToDate", "LESS_THAN_EQUAL", validTo.toString()), c -> !c.validTo().isAfter(validTo));
        matches(filter("wasUrl", "IS_NOT_EMPTY", "ignored"),
                c -> c == leaf || c == inventory.sample.intermediate || c == inventory.root);
        matches("{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"asset.wasUrl\", \"operator\": \"IS_EMPTY\"}],"
                + " \"operator\": \"and\"}}", c -> c != inventory.unmanaged);
        matches("{\"pageSize\": 200, \"filter\": {\"filters\": []}}", c -> true);
        matches("{\"pageSize\": 200, \"filter\": {\"filters\": [{\"field\": \"selfSigned\", \"operator\": \"EQUALS\", \"value\": true},"
                        + " {\"field\": \"keySize\", \"operator\": \"LESSER\", \"value\": 2000}], \"operation\": \"OR\"}}",
                c -> c.selfSigned() || c.keySize() < 2000);
    }

    @Test
    void assetTypeSeparatesCertificatesServedOnAssetsFromThoseKnownWithout() {
        matches("{\"pageSize\": 200, \"assetType\": \"UNMANAGED\"}", c -> c == inventory.unmanaged);
        matches("{\"pageSize\": 200, \"assetType\": \"managed\"}", c -> c != inventory.unmanaged);
        matches("{\"pageSize\": 200, \"assetType\": \"ALL\"}", c -> true);
        HttpResponse<String> bad = server.post("/certview/v2/certificates", admin, "{\"assetType\": \"CLOUD\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("assetType");
    }

    @Test
    void excludeFieldsTakesKeysAwayAndRefusesNamesNoCertificateHas() {
        JsonNode certificates = list("/certview/v2/certificates", admin, "{\"pageSize\": 200, \"includes\": [\"ASSET_TAGS\"],"
                + " \"excludeFields\": \"serialNumber, certificate.subject.country,asset.hostInstances,assets.tags.uuid\"}");
        for (JsonNode certificate : certificates) {
            assertThat(keys(certificate)).doesNotContain("serialNumber").contains("certhash", "assets");
            assertThat(keys(certificate.get("subject"))).doesNotContain("country").contains("name");
            for (JsonNode asset : certificate.get("assets")) {
                assertThat(keys(asset)).doesNotContain("hostInstances").contains("tags", "name");
                asset.get("tags").forEach(tag -> assertThat(keys(tag)).isEqualTo(Set.of("name")));
            }
        }
        JsonNode bare = list("/certview/v2/certificates", admin, "{\"excludeFields\": [\"assets\"]}");
        bare.forEach(c -> assertThat(keys(c)).doesNotContain("assets"));
        HttpResponse<String> bad = server.post("/certview/v2/certificates", admin, "{\"excludeFields\": \"serialNumbr\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("serialNumbr").contains("\"field\":\"excludeFields\"");
        HttpResponse<String> badInclude = server.post("/certview/v2/certificates", admin, "{\"includes\": [\"EVERYTHING\"]}");
        assertThat(badInclude.statusCode()).isEqualTo(400);
        assertThat(badInclude.body()).contains("EVERYTHING").contains("ASSET_INTERFACES");
    }

    @Test
    void v2PagesPastTheWindowThatV1Refuses() {
        HttpResponse<String> v1 = server.post("/certview/v1/certificates", admin, "{\"pageNumber\": 50, \"pageSize\": 200}");
        assertThat(v1.statusCode()).isEqualTo(400);
        HttpResponse<String> v2 = server.post("/certview/v2/certificates", admin, "{\"pageNumber\": \"50\", \"pageSize\": \"200\"}");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.body()).isEqualTo("[]");
        assertThat(v2.headers().firstValue("X-Total-Count")).hasValue(Integer.toString(inventory.all.size()));
    }

    @Test
    void everyListAnswerCarriesItsTotal() {
        HttpResponse<String> v1 = server.post("/certview/v1/certificates", admin, "{\"pageSize\": 2, \"filter\": \"type:Leaf\"}");
        long leaves = inventory.all.stream().filter(c -> c.type().name().equals("LEAF")).count();
        assertThat(v1.headers().firstValue("X-Total-Count")).hasValue(Long.toString(leaves));
        assertThat(JSON.readTree(v1.body()).size()).isEqualTo(2);
        HttpResponse<String> v2 = server.post("/certview/v2/certificates", admin, "{\"pageSize\": 1}");
        assertThat(v2.headers().firstValue("X-Total-Count")).hasValue(Integer.toString(inventory.all.size()));
        HttpResponse<String> assets = server.post("/certview/v1/certificates/" + inventory.sample.webLeaf.certhash() + "/assets",
                admin, "{\"pageSize\": 1}");
        assertThat(assets.headers().firstValue("X-Total-Count")).hasValue("3");
        HttpResponse<String> instances = server.post("/certview/v2/instances", admin, "{\"pageSize\": 1}");
        assertThat(instances.headers().firstValue("X-Total-Count")).hasValue("6");
    }

    @Test
    void countAnswersV1AndV2Bodies() {
        assertThat(server.post("/certview/v1/certificates/count", admin, "{\"filter\": \"selfSigned:true\"}").body())
                .isEqualTo("{\"count\":" + inventory.all.stream().filter(CertificateFacts::selfSigned).count() + "}");
        assertThat(server.post("/certview/v1/certificates/count", admin, "").body())
                .isEqualTo("{\"count\":" + inventory.all.size() + "}");
        HttpResponse<String> bad = server.post("/certview/v1/certificates/count", admin, "{\"filter\": \"keySize:>>\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errorCode").asString()).isEqualTo("INVALID_FILTER");
    }

    @Test
    void oneCertificateByHashCarriesItsChainAndEveryInstance() {
        HttpResponse<String> response = server.get("/certview/v1/certificates/" + inventory.sample.webLeaf.certhash().toUpperCase(Locale.ROOT), admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode leaf = JSON.readTree(response.body());
        assertThat(leaf.get("certhash").asString()).isEqualTo(inventory.sample.webLeaf.certhash());
        assertThat(leaf.get("rawData").asString()).isNotEmpty();
        assertThat(leaf.get("keyUsage").isArray()).isTrue();
        assertThat(leaf.get("chain").findValuesAsString("certhash"))
                .containsExactly(inventory.sample.intermediate.certhash(), inventory.root.certhash());
        List<Integer> ports = new ArrayList<>();
        leaf.get("assets").forEach(a -> a.get("hostInstances").forEach(i -> ports.add(i.get("port").asInt())));
        assertThat(ports).containsExactlyInAnyOrder(443, 8443, 443);
        assertThat(server.get("/certview/v1/certificates/" + "0".repeat(64), admin).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = server.get("/certview/v1/certificates/xyz", admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("certhash");
    }
}
