package io.certatlas.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.LoopbackTlsServer;
import io.certatlas.server.RunningServer;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A manager defines a recurring scan over the API; when it is due the server runs it through its
 * scan-job machinery, and the run history shows the job's counts. Bad definitions are refused
 * naming the field; a user who is not a manager cannot see or change schedules.
 */
class SchedulesApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static LoopbackTlsServer target;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        target = LoopbackTlsServer.start("127.0.0.43");
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        server.close();
    }

    @Test
    void aDueScheduleRunsOnceThroughTheScanJobsAndShowsItsHistory() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> created = server.post("/api/v1/schedules", token, """
                {"name": "loopback nightly", "cron": "0 3 * * *", "zone": "Europe/Berlin",
                 "targets": ["127.0.0.43"], "ports": "%d"}""".formatted(target.port()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode schedule = JSON.readTree(created.body());
        assertThat(schedule.get("nextRun").asLong()).isGreaterThan(System.currentTimeMillis());

        // Make it due as if 03:00 had come (the clock-driven cases are in SchedulerTest).
        server.database.dsl().execute("update scan_schedule set next_run = now() - interval '1 second'");
        String id = schedule.get("id").asString();
        JsonNode runs = JSON.readTree(server.get("/api/v1/schedules/" + id + "/runs", token).body());
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while ((runs.isEmpty() || !runs.get(0).get("status").asString().equals("FINISHED")) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(250);
            runs = JSON.readTree(server.get("/api/v1/schedules/" + id + "/runs", token).body());
        }
        assertThat(runs).as(runs.toString()).hasSize(1);
        assertThat(runs.get(0).get("status").asString()).isEqualTo("FINISHED");
        assertThat(runs.get(0).get("found").asInt()).isEqualTo(1);
        JsonNode after = JSON.readTree(server.get("/api/v1/schedules/" + id, token).body());
        assertThat(after.get("nextRun").asLong()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void aScheduleOfANetworkZoneQueuesItsRunsForThatZonesAgents() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> created = server.post("/api/v1/schedules", token, """
                {"name": "dmz weekly", "cron": "0 4 * * 1", "networkZone": "dmz", "targets": ["127.0.0.45"], "ports": "443"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode schedule = JSON.readTree(created.body());
        assertThat(schedule.get("networkZone").asString()).isEqualTo("dmz");
        assertThat(schedule.get("zone").asString()).as("the cron's time zone").isEqualTo("UTC");
        String id = schedule.get("id").asString();

        server.database.dsl().execute("update scan_schedule set next_run = now() - interval '1 second' where uuid = ?::uuid", id);
        JsonNode runs = JSON.readTree(server.get("/api/v1/schedules/" + id + "/runs", token).body());
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (runs.isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(250);
            runs = JSON.readTree(server.get("/api/v1/schedules/" + id + "/runs", token).body());
        }
        assertThat(runs).as(runs.toString()).hasSize(1);
        JsonNode job = JSON.readTree(server.get("/api/v1/scans/" + runs.get(0).get("scanJob").asString(), token).body());
        assertThat(job.get("zone").asString()).isEqualTo("dmz");
        Thread.sleep(1_500);   // the server's runner has had three ticks to take it, and must not
        job = JSON.readTree(server.get("/api/v1/scans/" + runs.get(0).get("scanJob").asString(), token).body());
        assertThat(job.get("status").asString()).as("left to the zone's agents").isEqualTo("QUEUED");

        HttpResponse<String> bad = server.post("/api/v1/schedules", token, """
                {"name": "bad zone", "cron": "0 4 * * 1", "networkZone": "Not A Zone!", "targets": ["127.0.0.45"]}""");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("networkZone");
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        String token = server.adminToken();
        for (var bad : List.of(
                List.of("{\"name\": \"x\", \"cron\": \"61 * * * *\", \"targets\": [\"127.0.0.1\"]}", "cron"),
                List.of("{\"name\": \"x\", \"cron\": \"0 3 * * *\", \"zone\": \"Mars/Base\", \"targets\": [\"127.0.0.1\"]}", "zone"),
                List.of("{\"name\": \"\", \"cron\": \"0 3 * * *\", \"targets\": [\"127.0.0.1\"]}", "name"),
                List.of("{\"name\": \"x\", \"cron\": \"0 3 * * *\"}", "targets"),
                List.of("{\"name\": \"x\", \"cron\": \"* * * * * *\", \"targets\": [\"127.0.0.1\"]}", "cron"),
                List.of("{\"name\": \"x\", \"cron\": \"0 3 * * *\", \"targets\": [\"127.0.0.1\"], \"enabled\": \"no\"}", "enabled"))) {
            HttpResponse<String> response = server.post("/api/v1/schedules", token, bad.get(0));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("field").asString()).isEqualTo(bad.get(1));
        }
        server.post("/api/v1/schedules", token, "{\"name\": \"twice\", \"cron\": \"0 3 * * *\", \"targets\": [\"127.0.0.1\"]}");
        assertThat(server.post("/api/v1/schedules", token, "{\"name\": \"TWICE\", \"cron\": \"0 3 * * *\", \"targets\": [\"127.0.0.1\"]}")
                .statusCode()).isEqualTo(409);
    }

    @Test
    void onlyAManagerSeesSchedulesAndAlerts() {
        new Accounts(server.database.dsl()).create("watcher", Passwords.encoder().encode("watcher password!"), Role.USER, List.of());
        String user = server.token("watcher", "watcher password!");
        assertThat(server.get("/api/v1/schedules", user).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/v1/alerts/rules", user).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/v1/alerts/dead-letters", user).statusCode()).isEqualTo(403);
        assertThat(server.post("/api/v1/alerts/receivers", user, "{}").statusCode()).isEqualTo(403);
    }
}
