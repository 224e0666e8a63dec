package io.certatlas.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.RunningServer;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real TLS servers on loopback serve certificate A, 85 % through its 47 days. Scanned, A is
 * overdue on both endpoints. Server one then switches to B (same name): A is renewed there, its
 * overdue alert resolves, and since server two still serves A, A is stale and alerts once. More
 * scans change nothing. Every message reaches a real webhook receiver that checks the HMAC,
 * refuses replays and fails its first two requests, and each is accepted exactly once. The
 * metrics scrape shows B's expiry as its validTo.
 */
class RenewalAlertsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = "a webhook secret of some length";
    private static final String NAME = "renew.test";

    private static RunningServer server;
    private static SwitchableTlsServer one;
    private static SwitchableTlsServer two;
    private static WebhookCatcher hook;
    private static IssuedCertificate a;
    private static IssuedCertificate b;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("certatlas.alerts.retry.first-delay-ms", "200");
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Renewal Test CA"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        a = ca.issue(CertificateSpec.leaf(NAME).withValidity(now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(7))));
        b = ca.issue(CertificateSpec.leaf(NAME).withValidity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(46))));
        one = SwitchableTlsServer.start("127.0.0.41", a, ca.certificate().certificate());
        two = SwitchableTlsServer.start("127.0.0.42", a, ca.certificate().certificate());
        hook = new WebhookCatcher(SECRET, 2);
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        hook.close();
        one.close();
        two.close();
        System.clearProperty("certatlas.alerts.retry.first-delay-ms");
    }

    @Test
    void overdueResolvesOnRenewalStaleAlertsOnceAndEveryMessageArrivesOnce() throws Exception {
        String token = server.adminToken();
        HttpResponse<String> receiver = server.post("/api/v1/alerts/receivers", token, """
                {"name": "ops hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}""".formatted(hook.url(), SECRET));
        assertThat(receiver.statusCode()).as(receiver.body()).isEqualTo(201);
        assertThat(receiver.body()).doesNotContain(SECRET);
        for (String condition : List.of("OVERDUE", "STALE")) {
            HttpResponse<String> rule = server.post("/api/v1/alerts/rules", token, """
                    {"name": "%s renew.test", "filter": "san:%s", "condition": "%s", "receivers": ["ops hook"]}"""
                    .formatted(condition.toLowerCase(), NAME, condition));
            assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        }

        scan(token);
        awaitAlerts(token, "overdue renew.test", alerts -> firing(alerts) == 2);

        one.serve(b);
        scan(token);
        awaitAlerts(token, "stale renew.test", alerts -> firing(alerts) == 1);
        JsonNode overdue = awaitAlerts(token, "overdue renew.test", alerts -> firing(alerts) == 1);
        assertThat(resolved(overdue)).isEqualTo(1);

        // A is renewed (endpoint one serves B now) and stale (endpoint two still serves A), in QQL too.
        String certhashA = sha256(a.der());
        assertThat(certhashes(token, "renewal.renewed:true")).containsExactly(certhashA);
        assertThat(certhashes(token, "renewal.stale:true")).containsExactly(certhashA);
        assertThat(certhashes(token, "renewal.overdue:true")).containsExactly(certhashA);

        // The succession: endpoint one served A, then B; endpoint two still serves A.
        JsonNode succession = JSON.readTree(server.get("/api/v1/alerts/renewal/" + certhashA, token).body());
        assertThat(succession.get("renewed").asBoolean()).isTrue();
        assertThat(succession.get("stale").asBoolean()).isTrue();
        assertThat(succession.get("successor").asString()).isEqualTo(sha256(b.der()));
        assertThat(succession.get("endpoints")).hasSize(2);
        for (JsonNode endpoint : succession.get("endpoints")) {
            List<String> served = new ArrayList<>();
            endpoint.get("served").forEach(c -> served.add(c.get("certhash").asString() + (c.get("current").asBoolean() ? "*" : "")));
            assertThat(served).isEqualTo(endpoint.get("endpoint").asString().startsWith("127.0.0.41")
                    ? List.of(certhashA, sha256(b.der()) + "*") : List.of(certhashA + "*"));
        }

        // More scans and passes: nothing new fires, nothing re-alerts.
        scan(token);
        server.post("/api/v1/alerts/evaluate", token, "");
        server.post("/api/v1/alerts/evaluate", token, "");

        // 2 overdue firing + 1 overdue resolved + 1 stale firing, each accepted exactly once,
        // although the receiver failed the first two attempts.
        List<JsonNode> deliveries = awaitDeliveries(token, list -> list.size() == 4
                && list.stream().allMatch(d -> d.get("status").asString().equals("SENT")));
        assertThat(deliveries).hasSize(4);
        assertThat(hook.accepted()).hasSize(4);
        assertThat(hook.accepted().stream().map(body -> JSON.readTree(body).get("deliveryId").asString()).distinct()).hasSize(4);
        assertThat(hook.requests().stream().filter(r -> r.answered() == 503)).hasSize(2);
        assertThat(hook.accepted()).allSatisfy(body -> assertThat(JSON.readTree(body).get("text").asString()).contains(NAME));
        assertThat(hook.accepted()).anySatisfy(body -> assertThat(JSON.readTree(body).get("text").asString())
                .contains("[RESOLVED]").contains("127.0.0.41:" + one.port()));

        // A captured request played again is refused by the receiver.
        WebhookCatcher.Request taken = hook.requests().stream().filter(r -> r.answered() == 200).findFirst().orElseThrow();
        HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hook.url()))
                .header("X-CertAtlas-Signature", taken.headers().get("X-certatlas-signature").getFirst())
                .header("X-CertAtlas-Delivery", taken.headers().get("X-certatlas-delivery").getFirst())
                .POST(HttpRequest.BodyPublishers.ofByteArray(taken.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(hook.accepted()).hasSize(4);

        // Metrics: only with the read token; B's expiry gauge is its validTo.
        HttpResponse<String> refused = server.send(HttpRequest.newBuilder(server.https("/metrics")).GET().build());
        assertThat(refused.statusCode()).isEqualTo(401);
        String metricsToken = Files.readString(server.dataDirectory.resolve("metrics.token")).strip();
        // The figures are read at the start and then at most every 15 s in the background, so a
        // scrape may answer a reading from before the scans: scrape until one shows them.
        String certhashB = sha256(b.der());
        HttpResponse<String> metrics;
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        do {
            metrics = server.send(HttpRequest.newBuilder(server.https("/metrics"))
                    .header("Authorization", "Bearer " + metricsToken).GET().build());
            assertThat(metrics.statusCode()).isEqualTo(200);
            if (metrics.body().contains(certhashB)) {
                break;
            }
            Thread.sleep(1000);
        } while (Instant.now().isBefore(giveUp));
        String scraped = metrics.body();
        List<PrometheusText.Sample> samples = PrometheusText.parse(scraped);
        PrometheusText.Sample expiryB = samples.stream()
                .filter(s -> s.name().equals("x509_cert_not_after") && certhashB.equals(s.labels().get("certhash")))
                .findFirst().orElseThrow(() -> new AssertionError(scraped));
        assertThat((long) expiryB.value()).isEqualTo(b.certificate().getNotAfter().toInstant().getEpochSecond());
        assertThat(expiryB.labels()).containsEntry("subject_CN", NAME).containsEntry("issuer_CN", "Renewal Test CA")
                .containsEntry("endpoint", "127.0.0.41:" + one.port());
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("certatlas_certificates_renewal");
            assertThat(s.labels()).containsEntry("state", "stale");
            assertThat(s.value()).isEqualTo(1.0);
        });
        // The figures answered say how old they are: at most a refresh period and a reading.
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("certatlas_inventory_metrics_age_seconds");
            assertThat(s.value()).isBetween(0.0, 30.0);
        });
    }

    @Test
    void receiversGoOnlyWhereTheyMayAndATestTellsTheStatusNeverTheAnswer() throws Exception {
        String token = server.adminToken();
        for (List<String> bad : List.of(
                List.of("http://127.0.0.1:0/hook", "port must be 1 to 65535"),
                List.of("http://127.0.0.1:99999/hook", "port must be 1 to 65535"),
                List.of("https://ops:hunter2@hooks.example.org/certs", "X-CertAtlas-Signature"),
                List.of("http://169.254.169.254/latest/meta-data/", "link-local"),
                List.of("http://[fe80::1]:8080/hook", "link-local"),
                List.of("http://0.0.0.0:8080/hook", "unspecified"),
                List.of("http://[::]:8080/hook", "unspecified"),
                List.of("http://224.0.0.251/hook", "multicast"),
                List.of("gopher://127.0.0.1/hook", "http:// or https://"))) {
            HttpResponse<String> refused = server.post("/api/v1/alerts/receivers", token, """
                    {"name": "bad hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}""".formatted(bad.get(0), SECRET));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            JsonNode answer = JSON.readTree(refused.body());
            assertThat(answer.get("field").asString()).isEqualTo("settings.url");
            assertThat(answer.get("message").asString()).as(bad.get(0)).contains(bad.get(1));
            assertThat(refused.body()).doesNotContain("hunter2");
        }
        HttpResponse<String> clearText = server.post("/api/v1/alerts/receivers", token, """
                {"name": "far relay", "kind": "email", "settings": {"host": "smtp.example.org", "security": "none",
                 "from": "certatlas@example.org", "to": ["ops@example.org"]}}""");
        assertThat(clearText.statusCode()).as(clearText.body()).isEqualTo(400);
        assertThat(JSON.readTree(clearText.body()).get("field").asString()).isEqualTo("settings.security");
        assertThat(JSON.readTree(clearText.body()).get("message").asString()).contains("use 'starttls'");
        assertThat(server.get("/api/v1/alerts/receivers", token).body()).doesNotContain("bad hook").doesNotContain("far relay");

        // A service inside that answers with something worth reading: the test says 401, not what it said.
        try (WebhookCatcher inside = new WebhookCatcher("the secret this service wants", 0, "db_password=hunter2")) {
            assertThat(server.post("/api/v1/alerts/receivers", token, """
                    {"name": "inside", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                    .formatted(inside.url(), SECRET)).statusCode()).isEqualTo(201);
            HttpResponse<String> tested = server.post("/api/v1/alerts/receivers/inside/test", token, "");
            assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
            JsonNode outcome = JSON.readTree(tested.body());
            assertThat(outcome.get("delivered").asBoolean()).isFalse();
            assertThat(outcome.get("error").asString()).contains("answered HTTP 401");
            assertThat(tested.body()).doesNotContain("hunter2");
            assertThat(inside.requests()).singleElement().satisfies(r -> assertThat(r.answered()).isEqualTo(401));
        }
    }

    @Test
    void aTestSendCarriesAUuidLikeEveryDeliveryAndSaysItIsATest() throws Exception {
        String token = server.adminToken();
        try (WebhookCatcher tests = new WebhookCatcher(SECRET, 0)) {
            HttpResponse<String> receiver = server.post("/api/v1/alerts/receivers", token, """
                    {"name": "test hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                    .formatted(tests.url(), SECRET));
            assertThat(receiver.statusCode()).as(receiver.body()).isEqualTo(201);
            // Two in the same millisecond or not: each is a delivery of its own, none a repeat.
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> sent = server.post("/api/v1/alerts/receivers/test%20hook/test", token, "");
                assertThat(JSON.readTree(sent.body()).get("delivered").asBoolean()).as(sent.body()).isTrue();
            }
            assertThat(tests.accepted()).hasSize(2);
            List<String> ids = new ArrayList<>();
            for (String body : tests.accepted()) {
                JsonNode message = JSON.readTree(body);
                assertThat(message.get("test").asBoolean()).isTrue();
                ids.add(java.util.UUID.fromString(message.get("deliveryId").asString()).toString());
            }
            assertThat(ids).doesNotHaveDuplicates();
        }
        assertThat(hook.accepted()).allSatisfy(body -> assertThat(JSON.readTree(body).get("test").asBoolean()).isFalse());
    }

    @Test
    void namesThatNoPathCanReachAndQuietHoursOfNoLengthAreRefused() {
        String token = server.adminToken();
        for (String name : List.of("..", ".", "100%", "a;b", "ops/hook", "a\\\\b", "tab\\there")) {
            List<HttpResponse<String>> refused = List.of(
                    server.post("/api/v1/alerts/receivers", token, """
                            {"name": "%s", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                            .formatted(name, hook.url(), SECRET)),
                    server.post("/api/v1/alerts/rules", token, """
                            {"name": "%s", "filter": "san:x", "condition": "OVERDUE", "receivers": ["ops hook"]}""".formatted(name)),
                    server.post("/api/v1/schedules", token, """
                            {"name": "%s", "cron": "0 3 * * *", "scan": {"targets": ["127.0.0.1"]}}""".formatted(name)),
                    server.post("/api/v1/tags", token, "{\"name\": \"" + name + "\"}"));
            for (HttpResponse<String> response : refused) {
                assertThat(response.statusCode()).as(name + " " + response.body()).isEqualTo(400);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("field").asString()).as(name + " " + response.body()).isEqualTo("name");
                assertThat(body.get("message").asString()).as(name).containsAnyOf(io.certatlas.store.access.ApiName.ALLOWED,
                        "only dots");
            }
        }
        HttpResponse<String> user = server.post("/api/v1/users", token, "{\"username\": \"..\", \"password\": \"a long enough password\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(JSON.readTree(user.body()).get("field").asString()).isEqualTo("username");

        HttpResponse<String> receiver = server.post("/api/v1/alerts/receivers", token, """
                {"name": "Quiet (ops) hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                .formatted(hook.url(), SECRET));
        assertThat(receiver.statusCode()).as("spaces and brackets are fine: " + receiver.body()).isEqualTo(201);
        HttpResponse<String> quiet = server.post("/api/v1/alerts/rules", token, """
                {"name": "quiet", "filter": "san:x", "condition": "OVERDUE", "receivers": ["Quiet (ops) hook"],
                 "quietStart": "22:00", "quietEnd": "22:00"}""");
        assertThat(quiet.statusCode()).as(quiet.body()).isEqualTo(400);
        assertThat(JSON.readTree(quiet.body()).get("field").asString()).isEqualTo("quietEnd");
        // 'enabled' is true or false: "no" read as true would arm a rule its author meant to leave off.
        HttpResponse<String> asText = server.post("/api/v1/alerts/rules", token, """
                {"name": "off as text", "filter": "san:x", "condition": "OVERDUE", "receivers": ["Quiet (ops) hook"],
                 "enabled": "false"}""");
        assertThat(asText.statusCode()).as(asText.body()).isEqualTo(201);
        assertThat(JSON.readTree(asText.body()).get("enabled").asBoolean()).as("\"false\" as a string still means false").isFalse();
        for (String enabled : List.of("\"no\"", "\"off\"", "1", "null")) {
            HttpResponse<String> loose = server.post("/api/v1/alerts/rules", token, """
                    {"name": "loose", "filter": "san:x", "condition": "OVERDUE", "receivers": ["Quiet (ops) hook"],
                     "enabled": %s}""".formatted(enabled));
            if (enabled.equals("null")) {
                assertThat(loose.statusCode()).as("null is the default: " + loose.body()).isEqualTo(201);
                continue;
            }
            assertThat(loose.statusCode()).as(enabled + " " + loose.body()).isEqualTo(400);
            assertThat(JSON.readTree(loose.body()).get("field").asString()).isEqualTo("enabled");
        }
        assertThat(server.get("/api/v1/alerts/rules/quiet", token).statusCode()).isEqualTo(404);
        HttpResponse<String> fine = server.post("/api/v1/alerts/rules", token, """
                {"name": "quiet", "filter": "san:x", "condition": "OVERDUE", "receivers": ["Quiet (ops) hook"],
                 "quietStart": "22:00", "quietEnd": "06:00", "enabled": false}""");
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(201);
    }

    @Test
    void aReceiverThatRulesStillUseIsNotDeletedAndTheRefusalNamesThem() {
        String token = server.adminToken();
        HttpResponse<String> receiver = server.post("/api/v1/alerts/receivers", token, """
                {"name": "used hook", "kind": "webhook", "settings": {"url": "%s"}, "secret": "%s"}"""
                .formatted(hook.url(), SECRET));
        assertThat(receiver.statusCode()).as(receiver.body()).isEqualTo(201);
        for (String rule : List.of("uses hook b", "uses hook a")) {
            HttpResponse<String> created = server.post("/api/v1/alerts/rules", token, """
                    {"name": "%s", "filter": "san:x", "condition": "OVERDUE", "receivers": ["used hook"]}""".formatted(rule));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        HttpResponse<String> refused = delete("/api/v1/alerts/receivers/used%20hook", token);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("errorCode").asString()).isEqualTo("RECEIVER_IN_USE");
        assertThat(body.get("message").asString()).contains("'uses hook a', 'uses hook b'").contains("delete them first");
        assertThat(body.get("rules").toString()).isEqualTo("[\"uses hook a\",\"uses hook b\"]");
        assertThat(server.get("/api/v1/alerts/rules/uses%20hook%20a", token).body()).contains(
                JSON.readTree(receiver.body()).get("id").asString());

        assertThat(delete("/api/v1/alerts/rules/uses%20hook%20a", token).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/alerts/rules/uses%20hook%20b", token).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/alerts/receivers/used%20hook", token).statusCode()).isEqualTo(204);
        assertThat(server.get("/api/v1/alerts/receivers/used%20hook", token).statusCode()).isIn(404, 405);
    }

    private static HttpResponse<String> delete(String path, String token) {
        return server.send(java.net.http.HttpRequest.newBuilder(server.https(path)).header("Authorization", "Bearer " + token)
                .DELETE().build());
    }

    private static void scan(String token) throws InterruptedException {
        HttpResponse<String> started = server.post("/api/v1/scans", token,
                "{\"targets\": [\"127.0.0.41\", \"127.0.0.42\"], \"ports\": \"" + one.port() + "," + two.port() + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = JSON.readTree(started.body()).get("id").asString();
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        while (!job.get("status").asString().matches("FINISHED|FAILED") && Instant.now().isBefore(giveUp)) {
            Thread.sleep(200);
            job = JSON.readTree(server.get("/api/v1/scans/" + id, token).body());
        }
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FINISHED");
    }

    private static JsonNode awaitAlerts(String token, String rule, Predicate<JsonNode> done) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode shown;
        do {
            server.post("/api/v1/alerts/evaluate", token, "");
            shown = JSON.readTree(server.get("/api/v1/alerts/rules/" + rule.replace(" ", "%20"), token).body());
            if (done.test(shown.get("alerts"))) {
                return shown.get("alerts");
            }
            Thread.sleep(300);
        } while (Instant.now().isBefore(giveUp));
        throw new AssertionError("alerts of " + rule + " never got there: " + shown);
    }

    private static List<JsonNode> awaitDeliveries(String token, Predicate<List<JsonNode>> done) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        List<JsonNode> list;
        do {
            list = new ArrayList<>();
            JSON.readTree(server.get("/api/v1/alerts/deliveries", token).body()).forEach(list::add);
            if (done.test(list)) {
                return list;
            }
            Thread.sleep(300);
        } while (Instant.now().isBefore(giveUp));
        return list;
    }

    private static long firing(JsonNode alerts) {
        long n = 0;
        for (JsonNode alert : alerts) {
            n += alert.get("status").asString().equals("FIRING") ? 1 : 0;
        }
        return n;
    }

    private static long resolved(JsonNode alerts) {
        long n = 0;
        for (JsonNode alert : alerts) {
            n += alert.get("status").asString().equals("RESOLVED") ? 1 : 0;
        }
        return n;
    }

    private static List<String> certhashes(String token, String filter) {
        HttpResponse<String> response = server.post("/certview/v1/certificates", token,
                "{\"filter\": \"" + filter + " and san:" + NAME + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> hashes = new ArrayList<>();
        JSON.readTree(response.body()).forEach(c -> hashes.add(c.get("certhash").asString()));
        return hashes;
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }
}
