package io.certatlas.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code serve} killed with SIGKILL leaves its PostgreSQL running. The next process on the same
 * data directory adopts that orphan and stops it when it closes, instead of joining it forever.
 */
class OrphanedServerTest {

    @Test
    void theNextProcessAdoptsAServerWhoseOwnerWasKilledAndStopsIt(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("data");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("started "));
            }
            assertThat(line).as("the owner process started its server").isNotNull().endsWith("owned true");
            int port = Integer.parseInt(line.split(" ")[1]);
            owner.destroyForcibly();
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(accepts(port)).as("PostgreSQL outlives its killed owner").isTrue();

            EmbeddedPostgres next = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests());
            assertThat(next.port()).isEqualTo(port);
            assertThat(next.owned()).as("the orphan is adopted, not joined").isTrue();
            next.close();
            assertThat(accepts(port)).as("the adopter stopped it on close").isFalse();

            // And the directory starts again normally afterwards, owned by whoever starts it.
            try (EmbeddedPostgres again = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests())) {
                assertThat(again.owned()).isTrue();
            }
        } finally {
            owner.destroyForcibly();
            EmbeddedPostgres.stopIfRunning(dir);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
