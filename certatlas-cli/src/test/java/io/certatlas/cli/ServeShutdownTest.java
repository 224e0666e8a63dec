package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as an operator runs it, in a process of its own, stopped with SIGTERM while a
 * scan job runs: it stops in order (HTTP, the job runner, the pool, then its PostgreSQL), the
 * interrupted job is queued again, and no ERROR is logged. JVM shutdown hooks run all at once, so
 * a PostgreSQL stopped by a hook of its own went away under the runner and the pool.
 */
class ServeShutdownTest {

    private static final Pattern HTTP = Pattern.compile("HTTP: +http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void sigtermStopsEverythingInOrderWithoutAnError(@TempDir Path data) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CertAtlasCommand.class.getName(),
                "serve", "--data-dir", data.toString(), "--https-port", "0", "--port", "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CERTATLAS_ADMIN_PASSWORD", "a manager password for the shutdown test");
        Process serve = builder.start();
        List<String> output = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            int port = -1;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
                Matcher http = HTTP.matcher(line);
                if (http.find()) {
                    port = Integer.parseInt(http.group(1));
                }
                if (line.startsWith("Press Ctrl-C")) {
                    break;
                }
            }
            assertThat(port).as(String.join("\n", output)).isPositive();
            // The login hint names where this start's password is: here the environment, not a file that was never written.
            assertThat(output).as(String.join("\n", output)).anyMatch(line -> line.startsWith("  Log in: curl -sk https://127.0.0.1:")
                    && line.endsWith("-d username=admin -d \"password=$CERTATLAS_ADMIN_PASSWORD\""));
            HttpClient client = HttpClient.newHttpClient();
            String token = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=a+manager+password+for+the+shutdown+test"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            // A peer that takes the connection (the kernel's backlog) and never says a word: the
            // scan waits for its handshake, so the job is still running when the stop comes.
            HttpResponse<String> job = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scans"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"targets\": [\"127.0.0.1\"], \"ports\": \""
                            + silent.getLocalPort() + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(job.statusCode()).as(job.body()).isBetween(200, 202);
            Thread.sleep(1_500);

            serve.toHandle().destroy();   // SIGTERM (Process.destroy would also close our end of its output)
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
            }
        }
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = String.join("\n", output);
        System.out.println(log);
        assertThat(log).contains("scan job").doesNotContain("finished: {")
                .contains("certatlas: stopping").containsPattern("certatlas: stopped in \\d+\\.\\d s");
        assertThat(output).as(log).noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat "));
        assertThat(Files.exists(data.resolve("pg/postmaster.pid"))).as("its PostgreSQL stopped").isFalse();
    }
}
