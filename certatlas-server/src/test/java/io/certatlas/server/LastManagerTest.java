package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The server always keeps one manager: nobody can demote or delete the last one through the API. */
class LastManagerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a long enough password";
    private RunningServer server;

    @BeforeEach
    void start() {
        server = RunningServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theOnlyManagerCanBeNeitherDemotedNorDeleted() {
        String admin = server.adminToken();

        HttpResponse<String> demoted = put("/api/v1/users/admin/role", admin, "{\"role\": \"user\"}");
        assertThat(demoted.statusCode()).as(demoted.body()).isEqualTo(409);
        JsonNode error = JSON.readTree(demoted.body());
        assertThat(error.get("message").asString()).contains("only manager").contains("make another user a manager first");

        HttpResponse<String> deleted = delete("/api/v1/users/admin", admin);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(409);

        // Nothing changed: the same token still manages users.
        HttpResponse<String> users = server.get("/api/v1/users", admin);
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(users.body()).get(0).get("role").asString()).isEqualTo("manager");
    }

    @Test
    void withASecondManagerEitherMayGoButNotBoth() {
        String admin = server.adminToken();
        HttpResponse<String> created = server.post("/api/v1/users", admin,
                "{\"username\": \"grace\", \"password\": \"" + PASSWORD + "\", \"role\": \"manager\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String grace = server.token("grace", PASSWORD);

        // Each demotes the other at the same moment: one of the two must be refused (409), or find
        // its token already revoked by the other's change (401).
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> put("/api/v1/users/grace/role", admin, "{\"role\": \"user\"}"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
                () -> put("/api/v1/users/admin/role", grace, "{\"role\": \"user\"}"));
        List<Integer> statuses = List.of(first.join().statusCode(), second.join().statusCode());
        assertThat(statuses).as("both cannot succeed").containsOnlyOnce(200);
        assertThat(statuses).containsAnyOf(409, 401);

        HttpResponse<String> users = server.get("/api/v1/users", statuses.get(0) == 200 ? admin : grace);
        assertThat(users.statusCode()).isEqualTo(200);
        long managers = 0;
        for (JsonNode user : JSON.readTree(users.body())) {
            managers += user.get("role").asString().equals("manager") ? 1 : 0;
        }
        assertThat(managers).isEqualTo(1);
    }

    private HttpResponse<String> put(String path, String token, String body) {
        return server.send(HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> delete(String path, String token) {
        return server.send(HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + token)
                .DELETE().build());
    }
}
