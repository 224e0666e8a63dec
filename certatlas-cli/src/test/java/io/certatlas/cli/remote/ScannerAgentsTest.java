package io.certatlas.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.CertAtlasCommand;
import io.certatlas.scan.fleet.TlsTestServer;
import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.scanning.ScanWorkSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.store.Database;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.jobs.Zone;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote scanner agents for real: a server on the embedded store whose agents' leases last 3 s
 * and whose own runner serves zone "edge" besides unzoned jobs,
 * {@code certatlas scanner} processes talking to it over HTTPS with their own tokens, and TLS
 * peers on loopback. A zoned job waits for an agent of its zone and ends in the inventory; an
 * agent token opens nothing but the agent's own endpoints; a revoked token stops its agent; and
 * a job whose agent is killed with {@code kill -9} is queued again and finished by another agent.
 */
@Timeout(150)
class ScannerAgentsTest {

    private static final String PASSWORD = "a manager password for the agents test";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED");

    private static Database database;
    private static CertAtlasServer server;
    private static String manager;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh();
        Path data = Files.createDirectories(dir.resolve("data"));
        FirstManager.ensure(new Accounts(database.dsl()), data, Optional.of(PASSWORD));
        server = CertAtlasServer.start(new ServerSettings(data, InetAddress.getByName("127.0.0.1"), 0, OptionalInt.of(0), false,
                Optional.empty(), Optional.empty()), database, Clock.systemUTC(), new ScanWorkSettings(List.of(new Zone("edge")), LEASE));
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(uri("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
        manager = login.body().strip();
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    @Test
    void aZonedJobWaitsForAnAgentOfItsZoneWhichScansItIntoTheInventory() throws Exception {
        try (TlsTestServer peer = new TlsTestServer(InetAddress.getByName("127.0.0.61"), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            Path dmzToken = tokenFile("dmz-1", "dmz");
            Path labToken = tokenFile("lab-1", "lab");
            String job = queue("127.0.0.61", peer.port(), "dmz", 10_000);

            // The server's own runner looks for work every half second: a zoned job is not its.
            Thread.sleep(2_000);
            assertThat(job(job).path("status").asString()).isEqualTo("QUEUED");
            assertThat(peer.accepted()).isZero();

            // An agent of another zone gets nothing, and may not ask for this zone's jobs.
            HttpResponse<String> lab = call("POST", "/api/v1/agent/jobs/claim", Files.readString(labToken).strip(), "{}");
            assertThat(lab.statusCode()).as(lab.body()).isEqualTo(200);
            assertThat(JSON.readTree(lab.body()).path("job").isNull()).as(lab.body()).isTrue();
            HttpResponse<String> labAsDmz = call("POST", "/api/v1/agent/jobs/claim", Files.readString(labToken).strip(),
                    "{\"zone\": \"dmz\"}");
            assertThat(labAsDmz.statusCode()).as(labAsDmz.body()).isEqualTo(403);
            assertThat(labAsDmz.body()).contains("for zone 'lab', not 'dmz'");
            assertThat(job(job).path("status").asString()).isEqualTo("QUEUED");

            Agent agent = Agent.start(dmzToken, dir.resolve("dmz-1.log"), "--zone", "dmz");
            try {
                JsonNode done = awaitStatus(job, ENDED, Duration.ofSeconds(60));
                assertThat(done.path("status").asString()).as(done + "\n" + agent.log()).isEqualTo("FINISHED");
                assertThat(done.path("agent").asString()).isEqualTo("dmz-1");
                assertThat(done.path("zone").asString()).isEqualTo("dmz");
                assertThat(done.path("summary").path("recorded").asInt()).as(done.toString()).isEqualTo(1);

                HttpResponse<String> found = call("POST", "/certview/v1/certificates", manager,
                        "{\"filter\": \"asset.interfaces.address:127.0.0.61 and type:Leaf\"}");
                JsonNode certificates = JSON.readTree(found.body());
                assertThat(certificates.size()).as(found.body()).isEqualTo(1);
                assertThat(certificates.get(0).path("assets").get(0).path("hostInstances").get(0).path("port").asInt())
                        .isEqualTo(peer.port());
            } finally {
                // SIGTERM: the agent stops on its own, saying so.
                assertThat(agent.terminate(Duration.ofSeconds(30))).as(agent.log()).isTrue();
            }
            assertThat(agent.log()).contains("finished job " + job).contains("stopped");
        }
    }

    @Test
    void anAgentTokenOpensOnlyTheAgentsOwnEndpoints() throws Exception {
        String token = Files.readString(tokenFile("nosy-1", "nosy")).strip();
        for (String[] request : List.of(
                new String[] {"POST", "/certview/v1/certificates", "{}"},
                new String[] {"GET", "/api/v1/users", ""},
                new String[] {"GET", "/api/v1/scans", ""},
                new String[] {"POST", "/api/v1/scans", "{\"targets\": [\"127.0.0.1\"], \"zone\": \"nosy\"}"},
                new String[] {"GET", "/api/v1/agent-tokens", ""})) {
            HttpResponse<String> response = call(request[0], request[1], token, request[2]);
            assertThat(response.statusCode()).as(request[1] + ": " + response.body()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).path("message").asString()).contains("agent token may only");
        }
        HttpResponse<String> forged = call("POST", "/api/v1/agent/jobs/claim", token.substring(0, token.length() - 4) + "0000", "{}");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);

        // A manager's token is not an agent's: the agent endpoints refuse it.
        HttpResponse<String> managerClaim = call("POST", "/api/v1/agent/jobs/claim", manager, "{}");
        assertThat(managerClaim.statusCode()).as(managerClaim.body()).isEqualTo(403);

        HttpResponse<String> list = call("GET", "/api/v1/agent-tokens", manager, "");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("nosy-1").doesNotContain(token.substring(token.lastIndexOf('_') + 1));
    }

    @Test
    void aRevokedTokenIsRefusedAndItsAgentStopsWithAMessage() throws Exception {
        Path file = tokenFile("quiet-1", "quiet");
        String token = Files.readString(file).strip();
        Agent agent = Agent.start(file, dir.resolve("quiet-1.log"));
        try {
            awaitLog(agent, "polling", Duration.ofSeconds(30));
            String id = token.split("_")[1];
            HttpResponse<String> revoked = call("DELETE", "/api/v1/agent-tokens/" + id, manager, "");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(JSON.readTree(revoked.body()).path("active").asBoolean(true)).isFalse();

            HttpResponse<String> claim = call("POST", "/api/v1/agent/jobs/claim", token, "{}");
            assertThat(claim.statusCode()).as(claim.body()).isEqualTo(401);
            assertThat(claim.body()).contains("revoked");

            // Idle, it asks again within its doubling pause (1, 2, 4, 8 s...): the next answer ends it.
            assertThat(agent.process().waitFor(30, TimeUnit.SECONDS)).as(agent.log()).isTrue();
            assertThat(agent.process().exitValue()).as(agent.log()).isEqualTo(3);
            assertThat(agent.log()).contains("the server refused this agent").contains("revoked");
        } finally {
            agent.kill();
        }
    }

    @Test
    void aJobOfAnAgentKilledMidScanIsQueuedAgainAndFinishedByAnother() throws Exception {
        // A peer that accepts and never answers keeps a scan busy until its endpoint deadline.
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.62"), 0));
            List<Socket> held = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket socket = silent.accept();
                        synchronized (held) {
                            held.add(socket);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Path first = tokenFile("slow-a", "slow");
            Path second = tokenFile("slow-b", "slow");
            String job = queue("127.0.0.62", silent.getLocalPort(), "slow", 6_000);

            // SIGTERM in the middle of the job: the agent hands it back at once, not after its lease.
            Agent stopped = Agent.start(first, dir.resolve("slow-a-stopped.log"));
            try {
                JsonNode running = awaitStatus(job, Set.of("RUNNING"), Duration.ofSeconds(30));
                assertThat(running.path("agent").asString()).as(stopped.log()).isEqualTo("slow-a");
                assertThat(stopped.terminate(Duration.ofSeconds(30))).as(stopped.log()).isTrue();
                assertThat(job(job).path("status").asString()).as(stopped.log()).isEqualTo("QUEUED");
                assertThat(stopped.log()).contains("released job " + job).contains("stopped");
            } finally {
                stopped.kill();
            }

            Agent killed = Agent.start(first, dir.resolve("slow-a.log"));
            try {
                JsonNode running = awaitStatus(job, Set.of("RUNNING"), Duration.ofSeconds(30));
                assertThat(running.path("status").asString()).as(killed.log()).isEqualTo("RUNNING");
                assertThat(running.path("agent").asString()).isEqualTo("slow-a");
                Thread.sleep(1_000);
                killed.kill();   // SIGKILL: no release, no goodbye; only the lapsing lease tells
            } finally {
                killed.kill();
            }
            Instant killedAt = Instant.now();
            Agent survivor = Agent.start(second, dir.resolve("slow-b.log"));
            try {
                JsonNode done = awaitStatus(job, ENDED, Duration.ofSeconds(60));
                assertThat(done.path("status").asString()).as(done + "\n" + survivor.log()).isEqualTo("FINISHED");
                assertThat(done.path("agent").asString()).as("finished by the other agent").isEqualTo("slow-b");
                assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(45));
            } finally {
                survivor.terminate(Duration.ofSeconds(30));
            }
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aServerToldToServeAZoneRunsThatZonesJobsItself() throws Exception {
        // The test's server serves zone "edge" as 'serve --zone edge' does (and no other zone).
        try (TlsTestServer peer = new TlsTestServer(InetAddress.getByName("127.0.0.63"), 0,
                TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray())) {
            String job = queue("127.0.0.63", peer.port(), "edge", 10_000);
            JsonNode done = awaitStatus(job, ENDED, Duration.ofSeconds(60));
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("FINISHED");
            assertThat(done.path("agent").isNull()).as("run by a server, not an agent").isTrue();
            assertThat(peer.accepted()).isPositive();
        }
    }

    // --- helpers ---

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + path);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an agent token through the manager API and keeps it in an owner-only file, as an operator would. */
    private static Path tokenFile(String name, String zone) throws Exception {
        HttpResponse<String> created = call("POST", "/api/v1/agent-tokens", manager,
                "{\"name\": \"" + name + "\", \"zone\": \"" + zone + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Path file = dir.resolve(name + ".token");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, JSON.readTree(created.body()).path("token").asString() + "\n");
        return file;
    }

    private static String queue(String address, int port, String zone, int endpointTimeoutMs) throws Exception {
        HttpResponse<String> response = call("POST", "/api/v1/scans", manager, "{\"targets\": [\"" + address + "\"], \"ports\": \""
                + port + "\", \"zone\": \"" + zone + "\", \"connectTimeoutMs\": 1000, \"endpointTimeoutMs\": " + endpointTimeoutMs + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode job = JSON.readTree(response.body());
        assertThat(job.path("zone").asString()).isEqualTo(zone);
        return job.path("id").asString();
    }

    private static JsonNode job(String id) throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/scans/" + id, manager, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Polls the job until its status is one of {@code wanted} or the limit passes; answers the last state. */
    private static JsonNode awaitStatus(String id, Set<String> wanted, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        JsonNode job = job(id);
        while (!wanted.contains(job.path("status").asString()) && Instant.now().isBefore(end)) {
            Thread.sleep(200);
            job = job(id);
        }
        return job;
    }

    private static void awaitLog(Agent agent, String text, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (!agent.log().contains(text) && Instant.now().isBefore(end) && agent.process().isAlive()) {
            Thread.sleep(100);
        }
        assertThat(agent.log()).contains(text);
    }

    /** One {@code certatlas scanner} process; its output goes to a file so that a full pipe never blocks it. */
    private record Agent(Process process, Path logFile) {

        static Agent start(Path tokenFile, Path log, String... extra) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CertAtlasCommand.class.getName(),
                    "scanner", "--server", "https://127.0.0.1:" + server.httpsPort(),
                    "--server-fingerprint", server.identity().fingerprint(), "--token-file", tokenFile.toString()));
            command.addAll(List.of(extra));
            return new Agent(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        }

        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }

        /** SIGTERM, then waits; true when the process ended within the limit. */
        boolean terminate(Duration limit) throws InterruptedException {
            process.destroy();
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill();
            }
            return ended;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
