package io.certatlas.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.RunningServer;
import io.certatlas.server.SampleInventory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two servers on one database evaluate the same rules at the same moments, again and again:
 * every alert fires once in all (a rule's pass is taken by one server, the other skips it), and
 * every message reaches the receiver once (an outbox message is leased by one sender).
 */
class TwoServersAlertsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "a webhook secret for two servers";

    private static RunningServer first;
    private static RunningServer second;
    private static WebhookCatcher hook;

    @BeforeAll
    static void start() throws Exception {
        hook = new WebhookCatcher(SECRET, 0);
        first = RunningServer.start();
        SampleInventory.fill(first.database);
        second = RunningServer.sharing(first);
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
        hook.close();
    }

    @Test
    void eachAlertFiresOnceAndEachMessageArrivesOnce() throws Exception {
        String firstToken = first.adminToken();
        String secondToken = second.adminToken();
        assertThat(second.get("/api/v1/alerts/rules", firstToken).statusCode()).as("one token for both").isEqualTo(200);
        assertThat(first.post("/api/v1/alerts/receivers", firstToken, """
                {"name": "shared hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                .formatted(hook.url(), SECRET)).statusCode()).isEqualTo(201);
        for (String rule : List.of(
                "{\"name\": \"expiring\", \"filter\": \"keySize>0\", \"condition\": \"EXPIRES_WITHIN\", \"threshold\": \"3650\", \"receivers\": [\"shared hook\"]}",
                "{\"name\": \"weak grades\", \"filter\": \"keySize>0\", \"condition\": \"GRADE_BELOW\", \"threshold\": \"A+\", \"receivers\": [\"shared hook\"]}")) {
            HttpResponse<String> created = first.post("/api/v1/alerts/rules", firstToken, rule);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }

        // Both servers evaluate at the same moments, four times (a rule's creation also starts a pass).
        for (int round = 0; round < 4; round++) {
            var a = CompletableFuture.supplyAsync(() -> first.post("/api/v1/alerts/evaluate", firstToken, ""));
            var b = CompletableFuture.supplyAsync(() -> second.post("/api/v1/alerts/evaluate", secondToken, ""));
            for (HttpResponse<String> pass : List.of(a.get(), b.get())) {
                assertThat(pass.statusCode()).as(pass.body()).isEqualTo(200);
                assertThat(JSON.readTree(pass.body()).get("failures").size()).as(pass.body()).isZero();
            }
        }
        long firing = 0;
        for (String rule : List.of("expiring", "weak%20grades")) {
            for (JsonNode alert : JSON.readTree(second.get("/api/v1/alerts/rules/" + rule, secondToken).body()).get("alerts")) {
                firing += alert.get("status").asString().equals("FIRING") ? 1 : 0;
            }
        }
        assertThat(firing).as("alerts firing").isGreaterThanOrEqualTo(3);

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(45));
        while (hook.accepted().size() < firing && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);   // a duplicate would arrive about now
        List<String> deliveryIds = new ArrayList<>();
        for (String body : hook.accepted()) {
            deliveryIds.add(JSON.readTree(body).get("deliveryId").asString());
        }
        assertThat(deliveryIds).as("one message per firing alert, none twice").hasSize((int) firing).doesNotHaveDuplicates();
        // The receiver refuses a delivery it has seen (409): a second send would show here, not above.
        assertThat(hook.requests()).as("requests the receiver got").hasSize((int) firing)
                .allSatisfy(request -> assertThat(request.answered()).isEqualTo(200));
    }
}
