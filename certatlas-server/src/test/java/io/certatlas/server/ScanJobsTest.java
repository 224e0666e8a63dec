package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A manager starts a scan of a real TLS server on loopback; its certificate then shows in the API. */
class ScanJobsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static LoopbackTlsServer target;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        target = LoopbackTlsServer.start("127.0.0.31");
    }

    @AfterAll
    static void stop() throws IOException {
        target.close();
        server.close();
    }

    @Test
    void aScanJobRecordsWhatTheEndpointServes() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> started = server.post("/api/v1/scans", token,
                // A target that carries its own port is scanned there only, whatever "ports" says.
                "{\"targets\": [\"127.0.0.31:" + target.port() + "\"], \"ports\": \"443\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = JSON.readTree(started.body()).get("id").asString();

        JsonNode job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (!job.get("status").asString().matches("FINISHED|FAILED") && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
            job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        }
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FINISHED");
        assertThat(job.get("found").asInt()).as(job.toString()).isEqualTo(1);

        JsonNode certificates = JSON.readTree(server.post("/certview/v1/certificates", token,
                "{\"filter\": \"asset.interfaces.address:127.0.0.31 and type:Leaf\"}").body());
        assertThat(certificates.size()).as(certificates.toString()).isEqualTo(1);
        JsonNode instance = certificates.get(0).get("assets").get(0).get("hostInstances").get(0);
        assertThat(instance.get("port").asInt()).isEqualTo(target.port());
        assertThat(instance.get("sslProtocols").toString()).contains("TLSv1.3");
        // The scan enumerates and grades: the server's JSSE chain is from the test CA, not trusted by the JDK, hence T.
        assertThat(instance.get("grade").asString()).as(instance.toString()).isEqualTo("T");
    }

    @Test
    void aJobWhoseTargetsDoNotResolveFailsSayingThereWasNothingToScan() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> started = server.post("/api/v1/scans", token, "{\"targets\": [\"no-such-host.invalid\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = JSON.readTree(started.body()).get("id").asString();

        JsonNode job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (!job.get("status").asString().matches("FINISHED|FAILED") && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
            job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        }
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).as(job.toString())
                .isEqualTo("nothing to scan: no target resolves (no-such-host.invalid)");
    }

    @Test
    void onlyAManagerMayStartAScanAndBadTargetsAreRefused() {
        new io.certatlas.store.access.Accounts(server.database.dsl()).create("viewer",
                io.certatlas.server.security.Passwords.encoder().encode("viewer password!"),
                io.certatlas.store.access.Role.USER, java.util.List.of());
        String viewer = server.token("viewer", "viewer password!");
        assertThat(server.post("/api/v1/scans", viewer, "{\"targets\": [\"127.0.0.31\"]}").statusCode()).isEqualTo(403);

        String token = server.adminToken();
        HttpResponse<String> empty = server.post("/api/v1/scans", token, "{\"ports\": \"443\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).get("field").asString()).isEqualTo("targets");
        HttpResponse<String> huge = server.post("/api/v1/scans", token, "{\"targets\": [\"10.0.0.0/8\"], \"ports\": \"1-65535\"}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(huge.body()).get("message").asString()).isNotBlank();
    }
}
