package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.testing.DebianPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes on one PostgreSQL (Debian's, by {@code --db-url}), sharing a data
 * directory's keys as servers behind one load balancer do: 100 scan jobs queued through both are
 * each run exactly once (every peer is contacted as often as every other), both servers take
 * jobs, both answer the same page byte for byte, and when the server running a job is killed
 * ({@code kill -9}) the other one takes the job over and finishes it.
 */
class TwoServersOneDatabaseTest {

    static final String PASSWORD = "a manager password for the two-server test";
    private static final Pattern HTTP = Pattern.compile("HTTP: +http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern JOB_ID = Pattern.compile("\"id\" *: *\"([0-9a-f-]{36})\"");
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED");
    private static final Pattern STATUS = Pattern.compile("\"status\" *: *\"([A-Z]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void jobsRunOnceAcrossTwoServersAndAKilledServersJobIsTakenOver(@TempDir Path dir) throws Exception {
        try (DebianPostgres postgres = DebianPostgres.start();
             Serve first = Serve.start(postgres, dir.resolve("data"), dir.resolve("first.log"));
             Serve second = Serve.start(postgres, dir.resolve("data"), dir.resolve("second.log"));
             PeerFleet peers = new PeerFleet(100);
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String token = login(first);

            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                jobs.add(queueScan(i % 2 == 0 ? first : second, token, peers.port(i)));
            }
            for (String job : jobs) {
                assertThat(awaitStatus(first, token, job, Duration.ofSeconds(240), ENDED)).as(job).isEqualTo("FINISHED");
            }
            Set<Integer> contacts = peers.contactCounts();
            assertThat(contacts).as("connections per peer: one count for all, or a job ran twice").hasSize(1);
            assertThat(contacts.iterator().next()).isPositive();
            assertThat(workerProcesses(postgres)).as("both servers took jobs").hasSize(2);

            String question = "{\"filter\": \"\", \"pageSize\": 50}";
            HttpResponse<String> fromFirst = post(first, token, "/certview/v1/certificates", question);
            HttpResponse<String> fromSecond = post(second, token, "/certview/v1/certificates", question);
            assertThat(fromFirst.statusCode()).as(fromFirst.body()).isEqualTo(200);
            assertThat(fromSecond.body()).isEqualTo(fromFirst.body());

            // A peer that never answers keeps its job running until the scan's deadline (8 s).
            String slow = queueScan(first, token, silent.getLocalPort());
            assertThat(awaitStatus(first, token, slow, Duration.ofSeconds(30), Set.of("RUNNING"))).isEqualTo("RUNNING");
            long runner = workerPid(postgres, slow);
            Serve killed = runner == first.pid() ? first : second;
            Serve survivor = killed == first ? second : first;
            assertThat(runner).isIn(first.pid(), second.pid());
            killed.kill();

            assertThat(awaitStatus(survivor, token, slow, Duration.ofSeconds(60), ENDED)).isEqualTo("FINISHED");
            assertThat(workerPid(postgres, slow)).as("finished by the survivor").isEqualTo(survivor.pid());
        }
    }

    private String login(Serve serve) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(serve.uri("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private String queueScan(Serve serve, String token, int port) throws Exception {
        HttpResponse<String> response = post(serve, token, "/api/v1/scans",
                "{\"targets\": [\"127.0.0.1\"], \"ports\": \"" + port + "\"}");
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        Matcher id = JOB_ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return id.group(1);
    }

    /** Polls the job until its status is one of {@code wanted} or the limit passes; returns the last status. */
    private String awaitStatus(Serve serve, String token, String job, Duration limit, Set<String> wanted) throws Exception {
        Instant end = Instant.now().plus(limit);
        String status = "";
        while (Instant.now().isBefore(end)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(serve.uri("/api/v1/scans/" + job))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = STATUS.matcher(response.body());
            status = matcher.find() ? matcher.group(1) : response.statusCode() + " " + response.body();
            if (wanted.contains(status)) {
                return status;
            }
            Thread.sleep(200);
        }
        return status;
    }

    private HttpResponse<String> post(Serve serve, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(serve.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The processes (pid@host) whose runners took jobs. */
    private static Set<String> workerProcesses(DebianPostgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             ResultSet rows = c.createStatement().executeQuery("select distinct split_part(worker, '/', 1) from scan_job")) {
            Set<String> processes = new java.util.HashSet<>();
            while (rows.next()) {
                processes.add(rows.getString(1));
            }
            return processes;
        }
    }

    private static long workerPid(DebianPostgres postgres, String job) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             PreparedStatement s = c.prepareStatement("select worker from scan_job where uuid = ?::uuid")) {
            s.setString(1, job);
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                return Long.parseLong(row.getString(1).substring(0, row.getString(1).indexOf('@')));
            }
        }
    }

    /**
     * One {@code serve --db-url} process (with {@code more} options, if any), its manager's password
     * {@link #PASSWORD}; its output goes to a file so that a full pipe never blocks it.
     */
    record Serve(Process process, int port) implements AutoCloseable {

        static Serve start(DebianPostgres postgres, Path data, Path log, String... more) throws Exception {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path"), CertAtlasCommand.class.getName(),
                    "serve", "--db-url", postgres.jdbcUrl(), "--data-dir", data.toString(),
                    "--https-port", "0", "--port", "0"));
            command.addAll(List.of(more));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("CERTATLAS_ADMIN_PASSWORD", PASSWORD);
            builder.environment().put("CERTATLAS_DB_USER", postgres.user());
            builder.environment().put("CERTATLAS_DB_PASSWORD", postgres.password());
            Process process = builder.start();
            Instant end = Instant.now().plusSeconds(120);
            while (Instant.now().isBefore(end) && process.isAlive()) {
                String output = Files.exists(log) ? Files.readString(log) : "";
                Matcher port = HTTP.matcher(output);
                if (output.contains("Press Ctrl-C") && port.find()) {
                    return new Serve(process, Integer.parseInt(port.group(1)));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("serve did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        long pid() {
            return process.pid();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();   // SIGKILL: no shutdown hook, no goodbye to PostgreSQL
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** Loopback listeners that count the connections they get and hang up on each (not TLS). */
    private static final class PeerFleet implements AutoCloseable {
        private final List<ServerSocket> sockets = new ArrayList<>();
        private final List<AtomicInteger> counts = new ArrayList<>();

        PeerFleet(int size) throws IOException {
            for (int i = 0; i < size; i++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                AtomicInteger count = new AtomicInteger();
                sockets.add(socket);
                counts.add(count);
                Thread.ofVirtual().start(() -> {
                    while (!socket.isClosed()) {
                        try (Socket accepted = socket.accept()) {
                            count.incrementAndGet();
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
            }
        }

        int size() {
            return sockets.size();
        }

        int port(int i) {
            return sockets.get(i).getLocalPort();
        }

        Set<Integer> contactCounts() {
            return counts.stream().map(AtomicInteger::get).collect(Collectors.toSet());
        }

        @Override
        public void close() throws IOException {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
