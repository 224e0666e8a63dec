package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.TwoServersOneDatabaseTest.Serve;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.testing.DebianPostgres;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.x509.CertificateFacts;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --db-url PRIMARY --db-read-url STANDBY} as a process, on Debian's PostgreSQL with
 * a hot standby made by {@code pg_basebackup -R} (its user and password those of --db-url): the
 * certificate list is read on the standby (with replay paused, a certificate written on the
 * primary is missing from it while the one-certificate answer has it), and once the standby is
 * stopped the list comes from the primary without an error, said once in the log.
 */
class ReadReplicaServeTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void listsAreReadOnTheReplicaAndOnThePrimaryOnceTheReplicaStops(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        try (DebianPostgres primary = DebianPostgres.start();
             DebianPostgres standby = primary.standby();
             Serve serve = Serve.start(primary, dir.resolve("data"), log, "--db-read-url", standby.jdbcUrl(),
                     "--db-read-max-lag", "5");
             Database writer = Database.open(new StoreLocation.JdbcUrl(primary.jdbcUrl(), Optional.of(primary.user()),
                     Optional.of(primary.password())))) {
            String token = login(serve);
            assertThat(Files.readString(log)).contains("  Lists, counts and exports read on the read replica "
                    + standby.jdbcUrl() + " while within 5.0 s of the primary (now: ");

            // The replica takes reads once it has caught up with the start-up writes (its INFO line is
            // not in this log: the test class path's logging shows warnings only), so try a few times.
            CertificateFacts paused = null;
            for (int attempt = 0; attempt < 20 && paused == null; attempt++) {
                standby.pauseReplay();
                try {
                    CertificateFacts written = record(writer, "paused-" + attempt + ".example.test", "127.0.1." + attempt);
                    assertThat(get(serve, token, "/certview/v1/certificates/" + written.certhash()).statusCode())
                            .as("the one-certificate answer reads the primary").isEqualTo(200);
                    if (!list(serve, token).body().contains(written.certhash())) {
                        paused = written;
                    }
                } finally {
                    standby.resumeReplay();
                }
                Thread.sleep(300);
            }
            assertThat(paused).as("a list read on the paused replica, without the certificate just written").isNotNull();
            awaitList(serve, token, paused.certhash());

            standby.stopAbruptly();
            CertificateFacts down = record(writer, "replica-down.example.test", "127.0.0.72");
            HttpResponse<String> fromPrimary = list(serve, token);
            assertThat(fromPrimary.statusCode()).as(fromPrimary.body()).isEqualTo(200);
            assertThat(fromPrimary.body()).contains(down.certhash(), paused.certhash());
            assertThat(list(serve, token).statusCode()).isEqualTo(200);
            String output = Files.readString(log);
            assertThat(output.lines().filter(line -> line.contains("WARN") && line.contains(
                    "list, count and export reads go to the primary: the read replica " + standby.jdbcUrl()
                            + " cannot be reached")))
                    .as("one warning when reads leave the stopped replica:\n" + output).hasSize(1);
        }
    }

    @Test
    void badReadReplicaOptionsAreRefusedWithWhatToChange(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        CommandCapture.Run alone = CommandCapture.run(new ServeCommand(), "--data-dir", data,
                "--db-read-url", "jdbc:postgresql://127.0.0.1:1/certatlas");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--db-read-url needs --db-url");

        CommandCapture.Run lag = CommandCapture.run(new ServeCommand(), "--data-dir", data,
                "--db-url", "jdbc:postgresql://127.0.0.1:1/certatlas",
                "--db-read-url", "jdbc:postgresql://127.0.0.1:2/certatlas", "--db-read-max-lag", "0.01");
        assertThat(lag.exitCode()).isEqualTo(2);
        assertThat(lag.err()).contains("--db-read-max-lag must be from 0.1 to 86400 seconds (for example 10), was 0.01");

        CommandCapture.Run url = CommandCapture.run(new ServeCommand(), "--data-dir", data,
                "--db-url", "jdbc:postgresql://127.0.0.1:1/certatlas", "--db-read-url", "postgres://replica/certatlas");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("--db-read-url: the database URL must start with jdbc:postgresql:");
        assertThat(dir.resolve("data")).as("nothing started or written").doesNotExist();
    }

    private static CertificateFacts record(Database writer, String host, String address) {
        CertificateFacts leaf = SampleCertificates.leaf(host, SampleCertificates.root("Serve Replica Test Root"));
        new Inventory(writer).record(new Observation(Optional.of(new ObservedAsset(address, host, "", "", "")),
                Optional.empty(), List.of(leaf), List.of(), "SCAN", Instant.now()));
        return leaf;
    }

    private String login(Serve serve) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(serve.uri("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + URLEncoder.encode(TwoServersOneDatabaseTest.PASSWORD, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private HttpResponse<String> list(Serve serve, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(serve.uri("/certview/v1/certificates"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pageSize\": 200}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Serve serve, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(serve.uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitList(Serve serve, String token, String certhash) throws Exception {
        Instant end = Instant.now().plusSeconds(30);
        while (!list(serve, token).body().contains(certhash)) {
            assertThat(Instant.now()).as("the certificate in the list within 30 s").isBefore(end);
            Thread.sleep(100);
        }
    }
}
