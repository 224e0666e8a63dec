package io.certatlas.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job whose worker died is queued again at once, however fresh its last progress report; a
 * job whose worker is alive (holds its liveness lock, even on another server) is left alone.
 */
class ScanJobLivenessTest {

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

    private static String status(ScanJob job) {
        return queue.find(job.uuid()).orElseThrow().status();
    }

    @Test
    void aDeadWorkersJobIsQueuedAgainAtOnceAndALiveOnesIsNot() {
        ScanJob alive = queue.enqueue("{\"targets\": [\"127.0.0.1\"]}", "test");
        ScanJob dead = queue.enqueue("{\"targets\": [\"127.0.0.2\"]}", "test");
        try (RunnerLiveness liveness = RunnerLiveness.hold(database.dataSource(), "worker on a live server")) {
            assertThat(queue.claim("worker on a live server")).isPresent();
            // Claimed, reported on a second ago, then its process was killed: it never held a lock here.
            assertThat(queue.claim("worker of a killed server")).isPresent();
            queue.progress(queue.find(dead.uuid()).orElseThrow().id(), 3, 10, 1);

            assertThat(queue.requeueOrphaned()).isEqualTo(1);
            assertThat(status(dead)).isEqualTo("QUEUED");
            assertThat(status(alive)).isEqualTo("RUNNING");

            // Trying the live worker's lock left it with its holder.
            assertThat(queue.requeueOrphaned()).isZero();
            assertThat(status(alive)).isEqualTo("RUNNING");
        }
        // Its server stopped without queueing the job (as a crash does): the next look queues it.
        assertThat(queue.requeueOrphaned()).isEqualTo(1);
        assertThat(status(alive)).isEqualTo("QUEUED");
    }
}
