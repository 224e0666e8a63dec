package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scope on the v2 answers and the extensions, as on v1: "prod" sees web1 (Production), "staging"
 * web2 and the RDP host. Lists, counts, totals, instances and the certificate by hash show them
 * nothing else, whatever the filter, assetType or includes.
 */
class V2ScopeTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static RunningServer server;
    static V2Inventory inventory;
    static String prod;
    static String staging;
    static String nobody;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = V2Inventory.fill(server.database);
        Accounts accounts = new Accounts(server.database.dsl());
        accounts.create("prod", Passwords.encoder().encode("production viewer"), Role.USER, List.of("Production"));
        accounts.create("staging", Passwords.encoder().encode("staging viewer!!"), Role.USER, List.of("Staging"));
        accounts.create("nobody", Passwords.encoder().encode("sees nothing at all"), Role.USER, List.of());
        prod = server.token("prod", "production viewer");
        staging = server.token("staging", "staging viewer!!");
        nobody = server.token("nobody", "sees nothing at all");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode v2(String token, String body) {
        HttpResponse<String> response = server.post("/certview/v2.1/certificates", token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void v2ListsOnlyWhatTheScopeHolds() {
        String all = "{\"pageSize\": 200, \"includes\": [\"ASSET_TAGS\", \"VULNERABILITIES\"]}";
        HttpResponse<String> response = server.post("/certview/v2/certificates", prod, all);
        JsonNode list = JSON.readTree(response.body());
        assertThat(V2CertificatesApiTest.hashes(list)).containsExactlyInAnyOrder(inventory.sample.webLeaf.certhash(),
                inventory.sample.intermediate.certhash(), inventory.root.certhash());
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("3");
        for (JsonNode certificate : list) {
            assertThat(certificate.get("assetCount").asInt()).isEqualTo(1);
            assertThat(assetNames(certificate)).containsOnly("web1.example.test");
        }
        assertThat(V2CertificatesApiTest.hashes(v2(staging, all))).contains(inventory.sample.rdp.certhash())
                .doesNotContain(inventory.sample.expired.certhash(), inventory.graded.certhash(), inventory.unmanaged.certhash());
        assertThat(v2(nobody, all)).isEmpty();
        assertThat(v2(prod, "{\"assetType\": \"UNMANAGED\"}")).isEmpty();
        assertThat(v2(prod, "{\"filter\": {\"filters\": [{\"field\": \"asset.tagName\", \"operator\": \"EQUALS\","
                + " \"value\": \"Staging\"}]}}")).isEmpty();
        assertThat(v2(prod, "{\"filter\": {\"filters\": [{\"field\": \"certhash\", \"operator\": \"EQUALS\","
                + " \"value\": \"" + inventory.sample.rdp.certhash() + "\"}]}}")).isEmpty();
        assertThat(v2(prod, "{\"pageNumber\": 1, \"pageSize\": 1, \"sort\": [{\"certhash\": \"asc\"}]}").size()).isEqualTo(1);
    }

    private static List<String> assetNames(JsonNode certificate) {
        List<String> names = new java.util.ArrayList<>();
        certificate.get("assets").forEach(asset -> names.add(asset.get("name").asString()));
        return names;
    }

    /** staging sees two self-signed certificates: the RDP host's and the web chain's root on web2. */
    @Test
    void countsRevealNothingOutsideTheScope() {
        assertThat(server.post("/certview/v2/certificates/count", prod, "{}").body()).isEqualTo("{\"count\":3}");
        assertThat(server.post("/certview/v1/certificates/count", prod, "{\"filter\": \"certhash:"
                + inventory.sample.rdp.certhash() + "\"}").body()).isEqualTo("{\"count\":0}");
        assertThat(server.post("/certview/v1/certificates/count", prod, "{\"filter\": \"instance.port:8443\"}").body())
                .isEqualTo("{\"count\":0}");
        assertThat(server.post("/certview/v2/certificates/count", nobody, "{\"assetType\": \"ALL\"}").body())
                .isEqualTo("{\"count\":0}");
        assertThat(server.post("/certview/v2/certificates/count", staging, "{\"filter\": {\"filters\": [{\"field\": "
                + "\"selfSigned\", \"operator\": \"EQUALS\", \"value\": true}]}}").body()).isEqualTo("{\"count\":2}");
    }

    @Test
    void theCertificateByHashIs404OutsideTheScopeAndShowsOnlyVisibleAssets() {
        HttpResponse<String> hidden = server.get("/certview/v1/certificates/" + inventory.sample.rdp.certhash(), prod);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain("WIN-890BLRMESC6");
        assertThat(server.get("/certview/v1/certificates/" + inventory.unmanaged.certhash(), prod).statusCode()).isEqualTo(404);
        HttpResponse<String> shared = server.get("/certview/v1/certificates/" + inventory.sample.intermediate.certhash(), staging);
        assertThat(shared.statusCode()).isEqualTo(200);
        JsonNode intermediate = JSON.readTree(shared.body());
        assertThat(Set.copyOf(assetNames(intermediate))).isEqualTo(Set.of("web2.example.test"));
        assertThat(intermediate.get("assetCount").asInt()).isEqualTo(1);
    }

    @Test
    void everyNewEndpointWantsAToken() {
        for (String path : List.of("/certview/v2/certificates", "/certview/v2.1/certificates", "/certview/v2.2/certificates",
                "/certview/v2/instances", "/certview/v2/certificates/count", "/certview/v1/certificates/count")) {
            HttpResponse<String> response = server.send(java.net.http.HttpRequest.newBuilder(server.https(path))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(401);
        }
        HttpResponse<String> one = server.send(java.net.http.HttpRequest.newBuilder(
                server.https("/certview/v1/certificates/" + inventory.sample.rdp.certhash())).GET().build());
        assertThat(one.statusCode()).isEqualTo(401);
        assertThat(one.body()).doesNotContain("WIN-890BLRMESC6");
    }

    @Test
    void malformedV2BodiesAreClear400s() {
        for (String body : List.of("{\"includes\": 7}", "{\"excludeFields\": {\"a\": 1}}", "{\"pageSize\": 201}",
                "{\"pageNumber\": -1}", "{\"filter\": 12}", "{\"filter\": {\"filters\": \"keySize>1\"}}",
                "{\"filter\": {}, \"filterRequest\": {}}", "{\"sort\": [{\"nothing\": \"asc\"}]}")) {
            HttpResponse<String> response = server.post("/certview/v2/certificates", staging, body);
            assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("field").asString()).as(body).isNotEmpty();
        }
    }

    @Test
    void instancesAreOnlyThoseOfVisibleAssets() {
        HttpResponse<String> response = server.post("/certview/v2/instances", staging, "{\"pageSize\": 200}");
        JsonNode list = JSON.readTree(response.body());
        assertThat(V2InstancesApiTest.ports(list)).containsExactlyInAnyOrder(8443, 3389);
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("2");
        assertThat(JSON.readTree(server.post("/certview/v2/instances", prod, "{\"filter\": {\"filters\": [{\"field\":"
                + " \"port\", \"operator\": \"EQUALS\", \"value\": 3389}]}}").body())).isEmpty();
        assertThat(JSON.readTree(server.post("/certview/v2/instances", nobody, "{}").body())).isEmpty();
    }
}
