package io.certatlas.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.RunningServer;
import io.certatlas.store.retention.Retention;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two servers on one database both tick their schedulers every half second: every time the
 * schedules fall due, each starts exactly one run and one scan job in all, whichever server
 * takes it, and none is started twice or skipped. The daily pruning of history is taken by one.
 */
class TwoServersSchedulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SCHEDULES = 8;
    private static final int ROUNDS = 3;

    private static RunningServer first;
    private static RunningServer second;

    @BeforeAll
    static void start() {
        first = RunningServer.start();
        second = RunningServer.sharing(first);
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
    }

    @Test
    void eachDueScheduleStartsOnceAcrossBothServers() throws Exception {
        String token = first.adminToken();
        int closedPort = closedLoopbackPort();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            RunningServer via = i % 2 == 0 ? first : second;
            HttpResponse<String> created = via.post("/api/v1/schedules", via.adminToken(), """
                    {"name": "segment %d", "cron": "0 3 * * *", "targets": ["127.0.0.44"], "ports": "%d"}"""
                    .formatted(i, closedPort));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(JSON.readTree(created.body()).get("id").asString());
        }

        for (int round = 1; round <= ROUNDS; round++) {
            // Every schedule falls due at once, as after a night both servers were up for.
            first.database.dsl().execute("update scan_schedule set next_run = now() - interval '1 second'");
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
            while (!allFinished(ids, round, token) && Instant.now().isBefore(giveUp)) {
                Thread.sleep(250);
            }
            Thread.sleep(1_500);   // three more ticks of each server: a second start would show now
            for (String id : ids) {
                JsonNode runs = JSON.readTree(second.get("/api/v1/schedules/" + id + "/runs", token).body());
                assertThat(runs).as("runs of schedule %s after round %d: %s", id, round, runs).hasSize(round);
                assertThat(runs.get(0).get("status").asString()).as(runs.toString()).isEqualTo("FINISHED");
                JsonNode schedule = JSON.readTree(first.get("/api/v1/schedules/" + id, token).body());
                assertThat(schedule.get("nextRun").asLong()).as("moved past now").isGreaterThan(System.currentTimeMillis());
            }
        }
        long jobs = first.database.dsl().fetchOne(
                "select count(distinct scan_job_id) from scan_schedule_run where scan_job_id is not null").get(0, Long.class);
        assertThat(jobs).as("one scan job per run").isEqualTo((long) SCHEDULES * ROUNDS);
        long runs = first.database.dsl().fetchOne("select count(*) from scan_schedule_run").get(0, Long.class);
        assertThat(runs).isEqualTo((long) SCHEDULES * ROUNDS);
    }

    @Test
    void oneOfTheServersTakesTheDailyPruningAtStart() throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
        Retention retention = new Retention(first.database.dsl());
        while (retention.lastPruned().isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
        }
        assertThat(retention.lastPruned()).as("claimed by the first tick of one server").isPresent();
        assertThat(retention.pruneIfDue(Instant.now())).as("the day is taken").isEmpty();
    }

    private static boolean allFinished(List<String> ids, int round, String token) {
        for (String id : ids) {
            JsonNode runs = JSON.readTree(first.get("/api/v1/schedules/" + id + "/runs", token).body());
            if (runs.size() < round || !runs.get(0).get("status").asString().equals("FINISHED")) {
                return false;
            }
        }
        return true;
    }

    /** A loopback port nothing listens on: each run's scan ends at once, with nothing found. */
    private static int closedLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.44"), 0));
            return socket.getLocalPort();
        }
    }
}
