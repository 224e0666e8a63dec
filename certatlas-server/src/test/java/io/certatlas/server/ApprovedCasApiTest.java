package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.store.access.Tags;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/approved-cas}: managers keep the list, users read the part their scope shows, and
 * issuerCategory approved / unapproved follows every change at once, through the page cache too.
 */
class ApprovedCasApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static SampleInventory inventory;
    private static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = SampleInventory.fill(server.database);
        new Tags(server.database.dsl()).ensure("Nothing here");
        Accounts accounts = new Accounts(server.database.dsl());
        accounts.create("ca-prod", Passwords.encoder().encode("production viewer"), Role.USER, List.of("Production"));
        accounts.create("ca-none", Passwords.encoder().encode("a user who sees nothing"), Role.USER, List.of("Nothing here"));
        admin = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> approvedLeaves() {
        HttpResponse<String> page = server.post("/certview/v1/certificates", admin,
                "{\"filter\": \"issuerCategory:approved and type:Leaf\", \"pageSize\": 200}");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return CertificatesApiTest.hashes(JSON.readTree(page.body()));
    }

    @Test
    void managersApproveAndRemoveAndTheFilterFollowsAtOnce() {
        // Asked twice, so the empty answer is certainly in the page cache.
        assertThat(approvedLeaves()).isEmpty();
        assertThat(approvedLeaves()).isEmpty();
        String unapproved = server.post("/certview/v1/certificates", admin,
                "{\"filter\": \"issuerCategory:unapproved\", \"pageSize\": 200}").body();
        assertThat(CertificatesApiTest.hashes(JSON.readTree(unapproved))).contains(inventory.webLeaf.certhash());

        String body = "{\"certhash\": \"" + inventory.intermediate.certhash().toUpperCase() + "\"}";
        HttpResponse<String> added = server.post("/api/v1/approved-cas", admin, body);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode ca = JSON.readTree(added.body());
        assertThat(ca.get("certhash").asString()).isEqualTo(inventory.intermediate.certhash());
        assertThat(ca.get("approvedBy").asString()).isEqualTo("admin");
        assertThat(server.post("/api/v1/approved-cas", admin, body).statusCode()).isEqualTo(200);

        assertThat(approvedLeaves()).contains(inventory.webLeaf.certhash(), inventory.expired.certhash())
                .doesNotContain(inventory.rdp.certhash());
        assertThat(CertificatesApiTest.hashes(JSON.readTree(server.post("/certview/v1/certificates", admin,
                "{\"filter\": {\"filters\": [{\"field\": \"issuerCategory\", \"operator\": \"EQUALS\", \"value\": \"unapproved\"}]},"
                        + " \"pageSize\": 200}").body()))).doesNotContain(inventory.webLeaf.certhash());

        HttpResponse<String> list = server.get("/api/v1/approved-cas", admin);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).size()).isEqualTo(1);

        assertThat(delete("/api/v1/approved-cas/" + inventory.intermediate.certhash(), admin).statusCode()).isEqualTo(204);
        assertThat(approvedLeaves()).isEmpty();
        HttpResponse<String> again = delete("/api/v1/approved-cas/" + inventory.intermediate.certhash(), admin);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("not on the approved list");
    }

    @Test
    void usersReadOnlyWhatTheirScopeShowsAndChangeNothing() {
        String prod = server.token("ca-prod", "production viewer");
        String none = server.token("ca-none", "a user who sees nothing");
        String body = "{\"certhash\": \"" + inventory.intermediate.certhash() + "\"}";
        HttpResponse<String> refused = server.post("/api/v1/approved-cas", prod, body);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("only a manager");
        assertThat(delete("/api/v1/approved-cas/" + inventory.intermediate.certhash(), prod).statusCode()).isEqualTo(403);

        assertThat(server.post("/api/v1/approved-cas", admin, body).statusCode()).isIn(200, 201);
        try {
            assertThat(JSON.readTree(server.get("/api/v1/approved-cas", prod).body()).size()).isEqualTo(1);
            assertThat(server.get("/api/v1/approved-cas", none).body()).isEqualTo("[]");
        } finally {
            delete("/api/v1/approved-cas/" + inventory.intermediate.certhash(), admin);
        }
    }

    @Test
    void badRequestsSayWhatToChange() {
        HttpResponse<String> leaf = server.post("/api/v1/approved-cas", admin, "{\"certhash\": \"" + inventory.webLeaf.certhash() + "\"}");
        assertThat(leaf.statusCode()).isEqualTo(400);
        assertThat(leaf.body()).contains("certhash").contains("is not a CA certificate");
        HttpResponse<String> unknown = server.post("/api/v1/approved-cas", admin, "{\"certhash\": \"" + "ab".repeat(32) + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("import the CA certificate first");
        HttpResponse<String> missing = server.post("/api/v1/approved-cas", admin, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("'certhash' is required");
        assertThat(server.post("/api/v1/approved-cas", admin, "{\"certhash\": \"xyz\"}").statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> delete(String path, String token) {
        return server.send(HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + token).DELETE().build());
    }
}
