package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.TokenService;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void loginAnswers201WithTheBareTokenAsPlainText() {
        HttpResponse<String> response = server.login("admin", RunningServer.ADMIN_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(response.body().split("\\.")[1]));
        assertThat(claims.get("sub").asString()).isEqualTo("admin");
        assertThat(claims.get("modulesAllowed").toString()).contains("CERTVIEW");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(4 * 3600);
    }

    @Test
    void permissionsFalseAndNoOptionalFieldsChangeNothing() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.https("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + RunningServer.ADMIN_PASSWORD.replace(" ", "+") + "&permissions=false"))
                .build());
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void wrongPasswordIs401WithAJsonBody() {
        HttpResponse<String> response = server.login("admin", "not the password");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("message").asString()).contains("wrong username or password");
    }

    @Test
    void anEarlierTokenStaysValidAfterAnotherLogin() {
        String first = server.adminToken();
        String second = server.adminToken();

        assertThat(server.get("/api/v1/tags", first).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/tags", second).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsWithoutAValidTokenAre401WithJson() {
        String valid = server.adminToken();
        String[] parts = valid.split("\\.");
        String forgedSignature = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not the signature at all, really".getBytes(StandardCharsets.UTF_8));
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String expired = TokenService.forDataDirectory(server.dataDirectory,
                Clock.fixed(Instant.now().minus(Duration.ofHours(5)), ZoneOffset.UTC)).issue(new Accounts(server.database.dsl()).find("admin").orElseThrow());

        for (String token : List.of("", "garbage", forgedSignature, algNone, expired)) {
            HttpResponse<String> response = server.get("/api/v1/tags", token);
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(401);
        }
        HttpResponse<String> noHeader = server.send(HttpRequest.newBuilder(server.https("/certview/v1/certificates"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(noHeader.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noHeader.body()).get("message").asString()).contains("POST /auth");
    }

    @Test
    void theTokenOfADeletedUserStopsWorking() {
        Accounts accounts = new Accounts(server.database.dsl());
        accounts.create("leaver", io.certatlas.server.security.Passwords.encoder().encode("a long enough password"),
                Role.MANAGER, List.of());
        String token = server.token("leaver", "a long enough password");
        assertThat(server.get("/api/v1/tags", token).statusCode()).isEqualTo(200);

        accounts.delete("leaver");

        assertThat(server.get("/api/v1/tags", token).statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresLockTheAccountForAWhile() {
        Accounts accounts = new Accounts(server.database.dsl());
        accounts.create("guessed", io.certatlas.server.security.Passwords.encoder().encode("the right password"),
                Role.USER, List.of());
        for (int i = 0; i < 5; i++) {
            assertThat(server.login("guessed", "wrong " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = server.login("guessed", "the right password");

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(locked.headers().firstValue("X-RateLimit-ToWait-Sec")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 31));
    }

    @Test
    void aUserIsForbiddenTheAdminApi() {
        Accounts accounts = new Accounts(server.database.dsl());
        accounts.create("plain", io.certatlas.server.security.Passwords.encoder().encode("plain user password"),
                Role.USER, List.of());
        HttpResponse<String> response = server.get("/api/v1/users", server.token("plain", "plain user password"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("message").asString()).contains("manager");
    }

    @Test
    void adminBodiesSentTheWayCurlDoesAreRead() {
        String token = server.adminToken();
        server.post("/api/v1/tags", token, "{\"name\": \"CurlTag\"}");
        server.post("/api/v1/users", token, "{\"username\": \"curly\", \"password\": \"a long password for curly\"}");
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.https("/api/v1/users/curly/scope"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"scope\": [\"CurlTag\"]}"))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("scope").toString()).isEqualTo("[\"CurlTag\"]");
    }

    @Test
    void plainHttpIsServedOnLoopbackToo() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.http("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=wrong")).build());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
