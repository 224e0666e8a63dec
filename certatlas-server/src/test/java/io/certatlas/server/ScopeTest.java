package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two users with different scopes over the sample inventory: "prod" sees the Production asset
 * (web1), "staging" the Staging ones (web2 and the RDP host). No filter, certhash, sort, page or
 * count shows either of them anything of the other's, nor the untagged expired host.
 */
class ScopeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static SampleInventory inventory;
    private static String prod;
    private static String staging;
    private static String nobody;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = SampleInventory.fill(server.database);
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

    @Test
    void eachUserListsOnlyTheCertificatesOfTheirAssets() {
        assertThat(CertificatesApiTest.hashes(list(prod, "{\"pageSize\": 200}")))
                .contains(inventory.webLeaf.certhash())
                .doesNotContain(inventory.rdp.certhash(), inventory.expired.certhash());
        assertThat(CertificatesApiTest.hashes(list(staging, "{\"pageSize\": 200}")))
                .contains(inventory.webLeaf.certhash(), inventory.rdp.certhash())
                .doesNotContain(inventory.expired.certhash());
        assertThat(list(nobody, "{\"pageSize\": 200}")).isEmpty();
    }

    @Test
    void countsAndEmbeddedAssetsOnlyCountWhatTheUserSees() {
        JsonNode web = CertificatesApiTest.find(list(prod, "{\"pageSize\": 200}"), inventory.webLeaf.certhash());
        assertThat(web.get("assetCount").asInt()).isEqualTo(1);
        assertThat(web.get("instanceCount").asInt()).isEqualTo(1);
        assertThat(web.get("assets").size()).isEqualTo(1);
        assertThat(web.get("assets").get(0).get("name").asString()).isEqualTo("web1.example.test");
    }

    @Test
    void filtersCannotReachOutsideTheScope() {
        assertThat(list(prod, "{\"filter\": \"asset:(tags.name:Staging)\"}")).isEmpty();
        assertThat(list(prod, "{\"filter\": \"asset.name:web2*\"}")).isEmpty();
        assertThat(list(prod, "{\"filter\": \"certhash:" + inventory.rdp.certhash() + "\"}")).isEmpty();
        assertThat(list(prod, "{\"filter\": \"expiryGroup:Expired or (selfSigned:true and type:Leaf)\"}")).isEmpty();
        assertThat(list(prod, "{\"filter\": \"vulnerability.qid:38169\"}")).isEmpty();
        assertThat(list(prod, "{\"filter\": \"instance.port:8443\"}")).isEmpty();
        assertThat(list(staging, "{\"filter\": {\"filters\": [{\"field\": \"asset.tagName\", \"value\": \"Production\","
                + " \"operator\": \"EQUALS\"}], \"operation\": \"AND\"}}")).isEmpty();
    }

    @Test
    void aCertificateSeenElsewhereIs404NotForbidden() {
        HttpResponse<String> response = server.post("/certview/v1/certificates/" + inventory.rdp.certhash() + "/assets",
                prod, "{\"attributes\": \"tags,hostInstances\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("WIN-890BLRMESC6");
    }

    @Test
    void theAssetsOfASharedCertificateAreOnlyTheVisibleOnes() {
        HttpResponse<String> response = server.post("/certview/v1/certificates/" + inventory.webLeaf.certhash() + "/assets",
                staging, "{\"attributes\": \"tags,hostInstances\", \"pageSize\": 200}");
        JsonNode assets = JSON.readTree(response.body());
        assertThat(assets.size()).isEqualTo(1);
        assertThat(assets.get(0).get("name").asString()).isEqualTo("web2.example.test");
        assertThat(server.post("/certview/v1/certificates/" + inventory.webLeaf.certhash() + "/assets", staging,
                "{\"filter\": \"asset:(tags.name:Production)\"}").body()).isEqualTo("[]");
    }

    @Test
    void sortingAndPagingShowNothingMore() {
        for (String sort : List.of("validTo", "certhash", "subject.name")) {
            for (String direction : List.of("asc", "desc")) {
                for (int page = 0; page < 3; page++) {
                    JsonNode list = list(prod, "{\"pageSize\": 1, \"pageNumber\": " + page + ", \"sort\": [{\"" + sort
                            + "\": \"" + direction + "\"}]}");
                    assertThat(CertificatesApiTest.hashes(list)).doesNotContain(inventory.rdp.certhash(), inventory.expired.certhash());
                }
            }
        }
    }

    private static JsonNode list(String token, String body) {
        HttpResponse<String> response = server.post("/certview/v1/certificates", token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
