package io.certatlas.server.certview;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Totals in real snapshots of one database: counted once however many ask at once, and shifted in time. */
class TotalCountsTest {

    private static Database db;
    private static CertificateReader reader;

    @BeforeAll
    static void open() {
        db = TestDatabase.fresh();
        reader = new CertificateReader(db.dsl());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void requestsAskingForOneTotalAtOnceCountItOnce() throws Exception {
        TotalCounts totals = new TotalCounts();
        AtomicInteger counted = new AtomicInteger();
        int askers = 3; // each holds one of the pool's four connections, as a request does
        CyclicBarrier together = new CyclicBarrier(askers);
        List<Future<Long>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(askers)) {
            for (int i = 0; i < askers; i++) {
                answers.add(pool.submit(() -> {
                    try (InventorySnapshot snapshot = reader.snapshot()) {
                        together.await();
                        return totals.get(snapshot, "a slow question", () -> {
                            counted.incrementAndGet();
                            sleep(400);
                            return 42;
                        });
                    }
                }));
            }
            for (Future<Long> answer : answers) {
                assertThat(answer.get()).isEqualTo(42);
            }
        }
        assertThat(counted).as("counts made").hasValue(1);
    }

    @Test
    void aTotalKnownAtAnEarlierInstantIsShiftedNotCounted() {
        TotalCounts totals = new TotalCounts();
        Instant first = Instant.parse("2026-12-06T03:00:00Z");
        AtomicInteger counted = new AtomicInteger();
        List<Instant> shiftedFrom = new ArrayList<>();
        try (InventorySnapshot snapshot = reader.snapshot()) {
            assertThat(totals.get(snapshot, "expiring", first, () -> {
                counted.incrementAndGet();
                return 100;
            }, earlier -> OptionalLong.of(-7))).isEqualTo(100);
            assertThat(totals.get(snapshot, "expiring", first.plusSeconds(1), () -> {
                counted.incrementAndGet();
                return 0;
            }, earlier -> {
                shiftedFrom.add(earlier);
                return OptionalLong.of(-7);
            })).isEqualTo(93);
            // A change that cannot be counted by shifting is counted in full.
            assertThat(totals.get(snapshot, "expiring", first.plusSeconds(2), () -> {
                counted.incrementAndGet();
                return 90;
            }, earlier -> OptionalLong.empty())).isEqualTo(90);
        }
        assertThat(shiftedFrom).containsExactly(first);
        assertThat(counted).hasValue(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
