package io.certatlas.store.embedded;

import static io.certatlas.store.embedded.OtherProcess.accepts;
import static org.assertj.core.api.Assertions.assertThat;

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
        try (OtherProcess owner = OtherProcess.start(dir)) {
            String line = owner.lineStartingWith("started ");
            assertThat(line).as("the owner process started its server").isNotNull().endsWith("owned true");
            int port = Integer.parseInt(line.split(" ")[1]);
            owner.process().destroyForcibly();
            assertThat(owner.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
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
            EmbeddedPostgres.stopIfRunning(dir);
        }
    }
}
