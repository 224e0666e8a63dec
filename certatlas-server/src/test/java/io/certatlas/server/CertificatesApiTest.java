package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CertificatesApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static SampleInventory inventory;
    private static String token;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = SampleInventory.fill(server.database);
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The release notes' sample, as written: -d with no Content-Type of its own (curl sends form-urlencoded). */
    @Test
    void theReleaseNotesSampleAnswersABareArrayWithEveryBasicField() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.https("/certview/v1/certificates"))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"certificateDetails\": \"basic\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isEqualTo(5); // web leaf, intermediate, root, RDP, expired
        JsonNode rdp = find(list, inventory.rdp.certhash());
        assertThat(names(rdp)).containsExactly("id", "certhash", "keySize", "serialNumber", "signatureAlgorithm",
                "publicKeyAlgorithm", "dn", "subject", "issuer", "rootissuer", "validFrom", "validTo", "validFromDate",
                "validToDate", "createdDate", "updateDate", "selfSigned", "issuerCategory", "extendedValidation", "type",
                "subjectAlternativeNames", "instanceCount", "assetCount", "lastFound", "sources", "imported",
                "orderStatus", "assets");
        assertThat(rdp.get("selfSigned").asBoolean()).isTrue();
        assertThat(rdp.get("issuerCategory").asString()).isEqualTo("Self-Signed");
        assertThat(rdp.get("validFrom").isIntegralNumber()).isTrue();
        assertThat(rdp.get("validFromDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
        assertThat(rdp.get("subject").get("organizationUnit").isArray()).isTrue();
        assertThat(rdp.get("sources").toString()).isEqualTo("[\"SCAN\"]");
        JsonNode asset = rdp.get("assets").get(0);
        assertThat(names(asset)).containsExactly("netbiosName", "assetId", "uuid", "id", "name", "operatingSystem",
                "tags", "hostInstances", "created", "updated", "assetInterfaces", "certificateCount", "primaryIp");
        assertThat(asset.get("uuid").asString()).isEqualTo(asset.get("assetId").asString());
        assertThat(asset.get("netbiosName").asString()).isEqualTo("WIN-890BLRMESC6");
        assertThat(asset.get("tags").get(0).get("name").asString()).isEqualTo("Staging");
        JsonNode instance = asset.get("hostInstances").get(0);
        assertThat(names(instance)).containsExactly("id", "protocol", "port", "sslProtocols", "grade", "service", "fqdn",
                "vulnerabilities", "vulnCount");
        assertThat(instance.get("port").asInt()).isEqualTo(3389);
        assertThat(instance.get("fqdn").asString()).isEmpty();
        assertThat(instance.get("vulnCount").asInt()).isEqualTo(instance.get("vulnerabilities").size()).isGreaterThanOrEqualTo(2);
        assertThat(instance.get("vulnerabilities").findValuesAsString("title"))
                .contains("SSL Certificate - Self-Signed Certificate");
    }

    @Test
    void extendedDetailsCarryTheCertificateItself() throws Exception {
        JsonNode list = list("{\"certificateDetails\":\"extended\",\"pageSize\":200}");
        JsonNode web = find(list, inventory.webLeaf.certhash());

        byte[] der = Base64.getDecoder().decode(web.get("rawData").asString());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der))).isEqualTo(inventory.webLeaf.certhash());
        assertThat(web.get("keyUsage").isArray()).isTrue();
        assertThat(web.get("enhancedKeyUsage").toString()).contains("serverAuth");
        assertThat(web.get("subjectKeyIdentifier").asString()).isNotEmpty();
        assertThat(web.get("assetCount").asInt()).isEqualTo(3);
        assertThat(web.get("instanceCount").asInt()).isEqualTo(3);
        assertThat(web.get("issuer").get("certhash").asString()).isEqualTo(inventory.intermediate.certhash());
    }

    @Test
    void filtersInBothFormsAndAnyCaseFindTheRightCertificates() {
        assertThat(hashes(list("{\"filter\": \"type:leaf and selfSigned:true\"}"))).containsExactly(inventory.rdp.certhash());
        assertThat(hashes(list("{\"filter\": \"asset.name:web2*\"}"))).contains(inventory.webLeaf.certhash());
        assertThat(hashes(list("{\"filter\": \"asset:(name:web2*)\", \"pageSize\": 200}"))).contains(inventory.webLeaf.certhash())
                .doesNotContain(inventory.rdp.certhash());
        assertThat(hashes(list("{\"filter\": \"expiryGroup:Expired\"}"))).containsExactly(inventory.expired.certhash());
        assertThat(hashes(list("{\"filter\": {\"filters\": [{\"field\": \"certificate.selfSigned\", \"value\": \"true\","
                + " \"operator\": \"EQUALS\"}, {\"field\": \"type\", \"value\": \"LEAF\", \"operator\": \"EQUALS\"}],"
                + " \"operation\": \"AND\"}}"))).containsExactly(inventory.rdp.certhash());
    }

    @Test
    void sortIsAcceptedAsArrayAsStringAndInTheLooseDocumentedForm() {
        List<String> ascending = hashes(list("{\"sort\": [{\"validTo\": \"asc\"}], \"pageSize\": 200}"));
        assertThat(hashes(list("{\"sort\": \"[{\\\"validTo\\\":\\\"asc\\\"}]\", \"pageSize\": 200}"))).isEqualTo(ascending);
        assertThat(hashes(list("{\"sort\": \"{validTo: asc}\", \"pageSize\": 200}"))).isEqualTo(ascending);
        assertThat(ascending.getFirst()).isEqualTo(inventory.expired.certhash());
        List<String> descending = hashes(list("{\"sort\": [{\"validTo\": \"DESC\"}], \"pageSize\": 200}"));
        assertThat(descending.getLast()).isEqualTo(inventory.expired.certhash());
    }

    @Test
    void pagesDoNotOverlapAndEndInAnEmptyArray() {
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            JsonNode list = list("{\"pageSize\": 4, \"pageNumber\": \"" + page + "\"}");
            if (list.isEmpty()) {
                break;
            }
            seen.addAll(hashes(list));
        }
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void badRequestsAre400WithAMessageNamingTheField() {
        assertError(post("{\"pageSize\": 0}"), 400, "pageSize");
        assertError(post("{\"pageSize\": 201}"), 400, "pageSize");
        assertError(post("{\"pageSize\": \"ten\"}"), 400, "pageSize");
        assertError(post("{\"pageNumber\": 50, \"pageSize\": 200}"), 400, "pageNumber");
        assertError(post("{\"certificateDetails\": \"everything\"}"), 400, "certificateDetails");
        assertError(post("{\"sort\": [{\"colour\": \"asc\"}]}"), 400, "sort");
        // a direction that is itself an object or array, and a sort string cut off before its first field
        assertError(post("{\"sort\": [{\"validTo\": {\"a\": 1}}]}"), 400, "sort");
        assertError(post("{\"sort\": [{\"validTo\": [\"asc\"]}]}"), 400, "sort");
        assertError(post("{\"sort\": {\"validTo\": {\"a\": 1}}}"), 400, "sort");
        assertError(post("{\"sort\": \"[{\"}"), 400, "sort");
        assertError(server.post("/certview/v1/certificates/" + inventory.webLeaf.certhash() + "/assets", token,
                "{\"sort\": [{\"name\": {\"a\": 1}}]}"), 400, "sort");
        JsonNode filter = assertError(post("{\"filter\": \"keySize>\"}"), 400, "filter");
        assertThat(filter.get("column").asInt()).isPositive();
        JsonNode unknown = assertError(post("{\"filter\": \"subjct.name:x\"}"), 400, "filter");
        assertThat(unknown.get("message").asString()).contains("subject.name");
        HttpResponse<String> malformed = post("{\"filter\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("message").asString()).contains("not valid JSON");
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerJson() {
        HttpResponse<String> missing = server.post("/certview/v1/nothing-here", token, "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> wrongMethod = server.get("/certview/v1/certificates", token);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("message").asString()).contains("POST");
    }

    @Test
    void theAssetsOfACertificateArePagedWithTheRequestedAttributes() {
        String path = "/certview/v1/certificates/" + inventory.webLeaf.certhash() + "/assets";
        // The second document's sample as written: its body lacks the closing brace.
        JsonNode plain = JSON.readTree(server.post(path, token, "{\"certificateDetails\":\"basic\"").body());
        assertThat(plain.size()).isEqualTo(3);
        assertThat(plain.get(0).has("tags")).isFalse();
        assertThat(plain.get(0).has("hostInstances")).isFalse();
        assertThat(plain.get(0).get("assetInterfaces").get(0).has("hostname")).isTrue();

        JsonNode both = JSON.readTree(server.post(path, token, "{\"attributes\": \"tags,hostInstances\", \"pageSize\": 1, \"pageNumber\": 1,"
                + " \"sort\": \"[{\\\"name\\\":\\\"asc\\\"}]\"}").body());
        assertThat(both.size()).isEqualTo(1);
        assertThat(both.get(0).get("name").asString()).isEqualTo("web1.example.test");
        assertThat(both.get(0).get("tags").get(0).get("name").asString()).isEqualTo("Production");
        assertThat(both.get(0).get("hostInstances").get(0).get("port").asInt()).isEqualTo(443);

        JsonNode filtered = JSON.readTree(server.post(path, token, "{\"filter\": \"asset:(name:web2*)\"}").body());
        assertThat(filtered.size()).isEqualTo(1);
        assertError(server.post(path, token, "{\"filter\": \"asset.name:web2*\"}"), 400, "filter");
        assertThat(JSON.readTree(server.post(path, token, "{\"filter\": \"asset.name:web2*\"}").body()).get("message").asString())
                .contains("asset:(");
        assertError(server.post("/certview/v1/certificates/" + "0".repeat(64) + "/assets", token, "{}"), 404, null);
    }

    /**
     * The second document's web-application sample. As its shell quoting delivers it the filter
     * loses its inner quotes and the sort string is broken JSON; both the intended request and
     * the delivered filter work, and the broken body gets a 400 that says why.
     */
    @Test
    void theWebApplicationSampleFindsTheAssetByItsUrl() {
        String path = "/certview/v1/certificates/" + inventory.webLeaf.certhash() + "/assets";
        for (String filter : List.of("asset:(wasUrl: 'https://api.example.com')", "asset:(wasUrl: https://api.example.com)")) {
            HttpResponse<String> response = server.post(path, token, "{\n\"filter\": \"" + filter.replace("\"", "\\\"")
                    + "\",\n\"pageNumber\": 0,\n\"pageSize\": 10,\n\"sort\": \"[{\\\"updated\\\":\\\"desc\\\"}]\"\n}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode assets = JSON.readTree(response.body());
            assertThat(assets.size()).as(filter).isEqualTo(1);
            assertThat(assets.get(0).get("wasUrl").asString()).isEqualTo("https://api.example.com");
            assertThat(names(assets.get(0))).containsSubsequence("netbiosName", "assetId", "name", "operatingSystem",
                    "wasUrl", "created", "updated", "assetInterfaces", "certificateCount");
        }
        HttpResponse<String> asDelivered = server.post(path, token, "{ \"filter\": \"asset:(wasUrl: https://api.example.com)\","
                + " \"pageNumber\": 0, \"pageSize\": 10, \"sort\": \"[{\\\"updated\\\":\"desc\\\"}]\" }");
        assertThat(asDelivered.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(asDelivered.body()).get("message").asString()).contains("not valid JSON");
    }

    private static HttpResponse<String> post(String body) {
        return server.post("/certview/v1/certificates", token, body);
    }

    private static JsonNode list(String body) {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("message").asString()).isNotBlank();
        if (field != null) {
            assertThat(body.get("field").asString()).isEqualTo(field);
        }
        return body;
    }

    static JsonNode find(JsonNode list, String certhash) {
        for (JsonNode certificate : list) {
            if (certificate.get("certhash").asString().equals(certhash)) {
                return certificate;
            }
        }
        throw new AssertionError("certificate " + certhash + " is not in the answer " + list);
    }

    static List<String> hashes(JsonNode list) {
        List<String> hashes = new ArrayList<>();
        list.forEach(c -> hashes.add(c.get("certhash").asString()));
        return hashes;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
