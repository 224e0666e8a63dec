package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.TokenService;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.json.JsonMapper;

/** Tokens stand for one account as it was when they were issued: what changes the account ends them. */
class TokenRevocationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a long enough password";
    private static RunningServer server;
    private static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        admin = server.adminToken();
        assertThat(server.post("/api/v1/tags", admin, "{\"name\": \"Production\"}").statusCode()).isEqualTo(201);
        assertThat(server.post("/api/v1/tags", admin, "{\"name\": \"Staging\"}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDeletedUsersTokenDoesNotPassToANewAccountOfTheSameName() {
        createUser("carol", "user");
        String old = server.token("carol", PASSWORD);
        assertThat(server.get("/api/v1/tags", old).statusCode()).isEqualTo(403);

        assertThat(delete("/api/v1/users/carol").statusCode()).isEqualTo(204);
        createUser("carol", "manager");

        HttpResponse<String> withOld = server.get("/api/v1/tags", old);
        assertThat(withOld.statusCode()).as(withOld.body()).isEqualTo(401);
        assertThat(server.post("/certview/v1/certificates", old, "{}").statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/tags", server.token("carol", PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void aPasswordChangeEndsEveryEarlierToken() {
        createUser("dave", "user");
        String first = server.token("dave", PASSWORD);
        String second = server.token("dave", PASSWORD);
        assertThat(certificates(first)).isEqualTo(200);
        assertThat(certificates(second)).isEqualTo(200);

        assertThat(put("/api/v1/users/dave/password", "{\"password\": \"another long password\"}").statusCode()).isEqualTo(200);

        assertThat(certificates(first)).isEqualTo(401);
        assertThat(certificates(second)).isEqualTo(401);
        HttpResponse<String> revoked = server.post("/certview/v1/certificates", first, "{}");
        assertThat(JSON.readTree(revoked.body()).get("message").asString()).contains("revoked");
        assertThat(certificates(server.token("dave", "another long password"))).isEqualTo(200);
    }

    @Test
    void aRoleChangeEndsEarlierTokensInsteadOfGrantingThemTheNewRole() {
        createUser("erin", "user");
        String before = server.token("erin", PASSWORD);

        HttpResponse<String> changed = put("/api/v1/users/erin/role", "{\"role\": \"manager\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).get("role").asString()).isEqualTo("manager");

        assertThat(server.get("/api/v1/users", before).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/users", server.token("erin", PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopeChangeOrTheDeletionOfAScopeTagEndsEarlierTokens() {
        createUser("frank", "user");
        assertThat(put("/api/v1/users/frank/scope", "{\"scope\": [\"Production\"]}").statusCode()).isEqualTo(200);
        String before = server.token("frank", PASSWORD);
        // A null or missing scope is refused, not read as "no scope", and the earlier token stays good.
        assertThat(put("/api/v1/users/frank/scope", "{\"scope\": null}").statusCode()).isEqualTo(400);
        assertThat(put("/api/v1/users/frank/scope", "{}").statusCode()).isEqualTo(400);
        assertThat(certificates(before)).isEqualTo(200);
        assertThat(put("/api/v1/users/frank/scope", "{\"scope\": [\"Staging\"]}").statusCode()).isEqualTo(200);
        assertThat(certificates(before)).isEqualTo(401);

        String staging = server.token("frank", PASSWORD);
        assertThat(delete("/api/v1/tags/Staging").statusCode()).isEqualTo(204);
        assertThat(certificates(staging)).isEqualTo(401);
        assertThat(certificates(server.token("frank", PASSWORD))).isEqualTo(200);
    }

    @Test
    void loggingInAgainRevokesNothing() {
        createUser("gina", "user");
        String first = server.token("gina", PASSWORD);
        for (int i = 0; i < 3; i++) {
            server.token("gina", PASSWORD);
        }
        assertThat(certificates(first)).isEqualTo(200);
    }

    @Test
    void aTokenWithoutExpiryIsRefusedEvenWithAValidSignature() throws Exception {
        Account account = new Accounts(server.database.dsl()).find("admin").orElseThrow();
        byte[] secret = HexFormat.of().parseHex(Files.readString(server.dataDirectory.resolve("jwt-signing-key")).strip());
        NimbusJwtEncoder encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256")).build();
        JwtClaimsSet forever = JwtClaimsSet.builder().id(UUID.randomUUID().toString()).issuer(TokenService.ISSUER)
                .audience(List.of(TokenService.AUDIENCE)).subject("admin").issuedAt(Instant.now())
                .claim(TokenService.ACCOUNT_CLAIM, account.uuid().toString())
                .claim(TokenService.GENERATION_CLAIM, account.tokenGeneration()).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), forever)).getTokenValue();

        HttpResponse<String> response = server.get("/api/v1/tags", token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("message").asString()).contains("expiry");
    }

    @Test
    void scanJobsAreForManagersOnly() {
        createUser("hank", "user");
        assertThat(put("/api/v1/users/hank/scope", "{\"scope\": [\"Production\"]}").statusCode()).isEqualTo(200);
        String user = server.token("hank", PASSWORD);

        for (String path : List.of("/api/v1/scans", "/api/v1/scans/" + UUID.randomUUID())) {
            HttpResponse<String> response = server.get(path, user);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("message").asString()).contains("manager");
        }
        assertThat(server.get("/api/v1/scans", admin).statusCode()).isEqualTo(200);
    }

    private static void createUser(String name, String role) {
        HttpResponse<String> created = server.post("/api/v1/users", admin,
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static int certificates(String token) {
        return server.post("/certview/v1/certificates", token, "{}").statusCode();
    }

    private static HttpResponse<String> put(String path, String body) {
        return server.send(HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> delete(String path) {
        return server.send(HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + admin)
                .DELETE().build());
    }

}
