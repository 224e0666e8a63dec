package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.tls.JsseTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code certatlas scan --format json|jsonl} stopped by a signal, in a process of its own as an
 * operator runs it: one TLS endpoint is done, another (a peer that never answers) holds the scan
 * open. What was scanned is still written, the JSON summary says the scan was interrupted, and the
 * exit status is the signal's (143 for SIGTERM; SIGINT takes the same path and gives 130).
 */
@Timeout(120)
class ScanInterruptionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aStoppedScanStillWritesWhatItScannedAndSaysItWasInterrupted() throws Exception {
        try (var tls = JsseTestServer.start("127.0.0.62", List.of("TLSv1.2", "TLSv1.3"),
                List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true)) {
            String done = "127.0.0.62:" + tls.port();
            for (String format : List.of("json", "jsonl")) {
                Stopped run = scanStopped(done, format);
                assertThat(run.exitCode()).as(run.both()).isEqualTo(143);
                List<JsonNode> scanned = new ArrayList<>();
                if (format.equals("json")) {
                    JsonNode document = JSON.readTree(run.out());
                    assertThat(document.get("summary").get("interrupted").asBoolean()).as(run.both()).isTrue();
                    document.get("endpoints").forEach(scanned::add);
                } else {
                    assertThat(run.out()).as(run.both()).endsWith("\n");
                    for (String line : run.out().strip().split("\n")) {
                        scanned.add(JSON.readTree(line));
                    }
                }
                assertThat(scanned).as(run.both()).anySatisfy(endpoint -> {
                    assertThat(endpoint.get("target").asString()).isEqualTo(done);
                    assertThat(endpoint.get("outcome").asString()).isEqualTo("tls");
                });
                // The endpoint the stop cut short is not blamed on its peer.
                assertThat(scanned).as(run.both()).filteredOn(endpoint -> !endpoint.get("target").asString().equals(done))
                        .allSatisfy(endpoint -> assertThat(endpoint.get("detail").asString())
                                .isEqualTo("the scan was interrupted before this endpoint finished"));
            }
        }
    }

    record Stopped(int exitCode, String out, String err) {
        String both() {
            return "standard output:\n" + out + "\nstandard error:\n" + err;
        }
    }

    /** Scans {@code done} and a peer that never answers, and sends SIGTERM once the scan waits on that peer. */
    private static Stopped scanStopped(String done, String format) throws Exception {
        // A peer of its own per run: the stopped scanner's last connection attempt must not pass for the next run's.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.63"))) {
            Path errors = Files.createTempFile("certatlas-scan-interrupted", ".err");
            CompletableFuture<Socket> reached = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Process scan = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CertAtlasCommand.class.getName(),
                    "scan", done, "127.0.0.63:" + silent.getLocalPort(), "--no-record", "--no-enumerate", "--deadline", "60",
                    "--format", format).redirectError(errors.toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket held = reached.get(60, TimeUnit.SECONDS)) {
                Thread.sleep(1_000);   // the TLS endpoint, started at the same time, is done well before
                scan.toHandle().destroy();   // SIGTERM
                assertThat(scan.waitFor(30, TimeUnit.SECONDS)).as(format + ": stopped in time").isTrue();
            }
            Stopped run = new Stopped(scan.exitValue(), out.get(10, TimeUnit.SECONDS), Files.readString(errors));
            Files.delete(errors);
            return run;
        }
    }
}
