package io.certatlas.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.access.AccessException;
import io.certatlas.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zoned jobs go only to their zone's agents (or a server serving the zone), an agent's job lives
 * on its lease and goes back to the queue when the lease lapses, and agent tokens are checked,
 * revoked and listed without their secret.
 */
class ScanJobZonesTest {

    private static final Zone DMZ = new Zone("dmz");
    private static final Zone LAB = new Zone("lab");
    private static Database database;
    private static ScanJobQueue queue;

    @BeforeAll
    static void open() {
        database = TestDatabase.fresh();
        queue = new ScanJobQueue(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyQueue() {
        database.dsl().execute("delete from scan_job");
    }

    private static String status(ScanJob job) {
        return queue.find(job.uuid()).orElseThrow().status();
    }

    @Test
    void aServersRunnerTakesOnlyUnzonedJobsUnlessItServesTheZone() {
        ScanJob zoned = queue.enqueue("{}", "test", Optional.of(DMZ));
        ScanJob plain = queue.enqueue("{}", "test");
        try (RunnerLiveness liveness = RunnerLiveness.hold(database.dataSource(), "server")) {
            assertThat(queue.claim("server").map(ScanJob::uuid)).contains(plain.uuid());
            assertThat(queue.claim("server")).as("the dmz job is not a plain runner's").isEmpty();
            assertThat(queue.claim("server", List.of(LAB))).isEmpty();
            ScanJob taken = queue.claim("server", List.of(DMZ)).orElseThrow();
            assertThat(taken.uuid()).isEqualTo(zoned.uuid());
            assertThat(taken.zone()).contains(DMZ);
        }
    }

    @Test
    void anAgentTakesOnlyItsZoneAndKeepsTheJobWhileItRenewsTheLease() throws Exception {
        ScanJob dmzJob = queue.enqueue("{}", "test", Optional.of(DMZ));
        queue.enqueue("{}", "test");
        String lab = ScanJobQueue.agentWorker("lab-1", "l1");
        String dmz = ScanJobQueue.agentWorker("dmz-1", "d1");
        assertThat(queue.claimLeased(lab, LAB, Duration.ofSeconds(1))).isEmpty();
        ScanJob taken = queue.claimLeased(dmz, DMZ, Duration.ofMillis(1500)).orElseThrow();
        assertThat(taken.uuid()).isEqualTo(dmzJob.uuid());
        assertThat(taken.agent()).contains("dmz-1");

        // No database lock proves an agent alive: the liveness sweep must not queue a live lease again.
        assertThat(queue.requeueOrphaned()).isZero();
        Thread.sleep(1000);
        assertThat(queue.renewLease(dmzJob.uuid(), dmz, Duration.ofMillis(1500), 1, 2, 1)).isTrue();
        Thread.sleep(1000);
        assertThat(queue.requeueOrphaned()).as("renewed a second ago").isZero();
        assertThat(queue.renewLease(dmzJob.uuid(), lab, Duration.ofSeconds(5), 1, 2, 1)).as("not the lab agent's").isFalse();

        Thread.sleep(1000);
        assertThat(queue.requeueOrphaned()).as("the lease lapsed").isEqualTo(1);
        assertThat(status(dmzJob)).isEqualTo("QUEUED");
        assertThat(queue.renewLease(dmzJob.uuid(), dmz, Duration.ofSeconds(5), 1, 2, 1)).as("the job is no longer its").isFalse();
        assertThat(queue.finishAs(dmzJob.uuid(), dmz, 2, 2, 1, "{}")).isFalse();

        String second = ScanJobQueue.agentWorker("dmz-2", "d2");
        queue.claimLeased(second, DMZ, Duration.ofSeconds(30)).orElseThrow();
        assertThat(queue.finishAs(dmzJob.uuid(), second, 2, 2, 1, "{\"recorded\": 1}")).isTrue();
        ScanJob finished = queue.find(dmzJob.uuid()).orElseThrow();
        assertThat(finished.status()).isEqualTo("FINISHED");
        assertThat(finished.found()).isEqualTo(1);
        assertThat(finished.agent()).contains("dmz-2");
    }

    @Test
    void aReleasedJobIsQueuedAgainAtOnce() {
        ScanJob job = queue.enqueue("{}", "test", Optional.of(DMZ));
        String worker = ScanJobQueue.agentWorker("dmz-1", "x");
        queue.claimLeased(worker, DMZ, Duration.ofMinutes(1)).orElseThrow();
        assertThat(queue.release(job.uuid(), worker)).isTrue();
        assertThat(status(job)).isEqualTo("QUEUED");
    }

    @Test
    void agentTokensAreCheckedByTheirSecretAndStopWorkingWhenRevoked() {
        AgentTokens tokens = new AgentTokens(database.dsl());
        IssuedAgentToken issued = tokens.create("scanner-a", DMZ, "admin");
        assertThat(issued.secret()).startsWith(AgentTokens.PREFIX).contains(issued.token().id());
        assertThat(tokens.authenticate(issued.secret()).map(AgentToken::zone)).contains(DMZ);
        String forged = issued.secret().substring(0, issued.secret().length() - 1)
                + (issued.secret().endsWith("0") ? "1" : "0");
        assertThat(tokens.authenticate(forged)).isEmpty();
        assertThat(database.dsl().fetchValue("select count(*) from agent_token where secret_sha256 like ?",
                "%" + issued.secret().substring(issued.secret().lastIndexOf('_') + 1) + "%")).as("the secret is not stored").isEqualTo(0L);

        assertThatThrownBy(() -> tokens.create("scanner-a", LAB, "admin")).isInstanceOf(AccessException.class)
                .hasMessageContaining("already in force");
        assertThatThrownBy(() -> tokens.create("no spaces", LAB, "admin")).hasMessageContaining("an agent name is");

        assertThat(tokens.revoke("scanner-a").active()).isFalse();
        assertThat(tokens.authenticate(issued.secret())).isEmpty();
        assertThat(tokens.create("scanner-a", LAB, "admin").token().zone()).as("the name is free again").isEqualTo(LAB);
        assertThat(tokens.list()).hasSize(2);
        assertThatThrownBy(() -> tokens.revoke("nobody")).hasMessageContaining("no agent token");
    }

    @Test
    void zoneNamesAreCheckedWithAMessageSayingWhatIsAllowed() {
        assertThatThrownBy(() -> new Zone("DMZ 1")).hasMessageContaining("lower-case letters").hasMessageContaining("'DMZ 1'");
        assertThat(new Zone("lab-2.east").name()).isEqualTo("lab-2.east");
    }
}
