package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A legal filter must not take a connection away from everyone else: one that needs too many
 * lookups of related objects is refused before it reaches PostgreSQL (planning a few hundred
 * ANDed asset groups took minutes), and any statement of an API read that runs past the time limit
 * is stopped and answered with a JSON 503 that says so, after which the server answers as before.
 */
class CostlyFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.withQueryTimeout(Duration.ofSeconds(1));
        SampleInventory.fill(server.database);
        admin = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFilterNeedingTooManyLookupsIsRefusedWithTheLimitAndWhatToDo() {
        for (String path : List.of("/certview/v1/certificates", "/certview/v1/certificates/count", "/certview/v2/certificates",
                "/certview/v2/instances")) {
            HttpResponse<String> atLimit = server.post(path, admin, qql(groups(24)));
            assertThat(atLimit.statusCode()).as(path + " " + atLimit.body()).isEqualTo(200);

            HttpResponse<String> over = server.post(path, admin, qql(groups(25)));
            assertThat(over.statusCode()).as(path + " " + over.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(over.body());
            assertThat(error.get("errorCode").asString()).isEqualTo("INVALID_FILTER");
            assertThat(error.get("field").asString()).isEqualTo("filter");
            assertThat(error.get("message").asString()).contains("more than 24 lookups").contains("into one group");
            assertThat(error.has("column")).as("a limit of the whole filter has no column").isFalse();
        }
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            conditions.add("{\"field\": \"asset.name\", \"operator\": \"EQUALS\", \"value\": \"host-" + i + "\"}");
        }
        HttpResponse<String> structured = server.post("/certview/v2/certificates", admin,
                "{\"filter\": {\"filters\": [" + String.join(", ", conditions) + "], \"operation\": \"AND\"}}");
        assertThat(structured.statusCode()).as(structured.body()).isEqualTo(400);
        assertThat(structured.body()).contains("more than 24 lookups");
    }

    @Test
    void aStatementPastTheTimeLimitIsStoppedAndAnsweredAsSuch() throws Exception {
        // A maintenance task holds the certificate table: every list waits for it.
        try (Connection maintenance = server.database.dataSource().getConnection()) {
            maintenance.setAutoCommit(false);
            try (Statement lock = maintenance.createStatement()) {
                lock.execute("lock table certificate in access exclusive mode");
            }
            HttpResponse<String> stopped = server.post("/certview/v1/certificates", admin, "{\"filter\": \"type:Leaf\"}");
            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(503);
            JsonNode error = JSON.readTree(stopped.body());
            assertThat(error.get("errorCode").asString()).isEqualTo("QUERY_TIMEOUT");
            assertThat(error.get("message").asString()).contains("longer than 1 s").contains("narrow the filter");
            maintenance.rollback();
        }
        HttpResponse<String> after = server.post("/certview/v1/certificates", admin, "{\"filter\": \"type:Leaf\"}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).size()).isPositive();
    }

    private static String groups(int count) {
        return IntStream.range(0, count).mapToObj(i -> "asset:(name:host-" + i + "* and operatingSystem:Lin*)")
                .collect(Collectors.joining(" and "));
    }

    private static String qql(String filter) {
        return "{\"filter\": \"" + filter + "\"}";
    }
}
