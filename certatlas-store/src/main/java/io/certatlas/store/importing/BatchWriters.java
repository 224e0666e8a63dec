package io.certatlas.store.importing;

import io.certatlas.store.Database;
import io.certatlas.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads that write an import's batches, each on its own connection, one transaction per
 * batch. Several because PostgreSQL spends most of a batch maintaining the certificate table's
 * indexes in one backend process: two writers keep two cores busy while the readers wait for
 * room. Memory stays bounded: {@link #submit} blocks while {@code writers} batches wait.
 */
final class BatchWriters implements AutoCloseable {

    /** Unique violation, deadlock, serialization failure: another writer stored the same certificate meanwhile. */
    private static final Set<String> RETRY_STATES = Set.of("23505", "40P01", "40001");
    private static final int ATTEMPTS = 3;

    private static final List<ImportRow> END = List.of();

    private final Database database;
    private final BlockingQueue<List<ImportRow>> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong newCertificates = new AtomicLong();
    private final AtomicLong alreadyKnown = new AtomicLong();
    private final AtomicLong rowsWritten;
    private final Duration timeout;

    BatchWriters(Database database, int writers, AtomicLong rowsWritten, Duration timeout) {
        this.database = database;
        this.queue = new ArrayBlockingQueue<>(writers);
        this.rowsWritten = rowsWritten;
        this.timeout = timeout;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("import-write-" + i).daemon().start(this::writeAll));
        }
    }

    /** Queues one batch (distinct certhashes, issuers resolved); blocks while the writers are busy. */
    void submit(List<ImportRow> batch) {
        put(batch);
    }

    /** Waits until every batch is written; the totals. */
    CertificateBatch.Written finish() {
        for (int i = 0; i < threads.size(); i++) {
            put(END);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("the import was interrupted", e);
            }
            if (t.isAlive()) {
                throw new StoreException("the import stalled: a batch was not written within "
                        + timeout.toMinutes() + " minutes", null);
            }
        }
        checkFailure();
        return new CertificateBatch.Written(newCertificates.get(), alreadyKnown.get());
    }

    /** Stops the writers: a batch being written is rolled back. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void put(List<ImportRow> batch) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkFailure();
            try {
                if (queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("the import was interrupted", e);
            }
        }
        throw new StoreException("the import stalled: no batch was written for " + timeout.toMinutes() + " minutes", null);
    }

    private void checkFailure() {
        Throwable e = failure.get();
        if (e != null) {
            throw new StoreException("the import could not write to the database: " + e.getMessage(), e);
        }
    }

    private void writeAll() {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // Each batch is its own transaction and is written again by a re-run if lost: no
                // need to wait for the WAL flush at every commit (the server still flushes it
                // within a fraction of a second, and on shutdown).
                s.execute("SET synchronous_commit = off");
            }
            CertificateBatch.prepare(c);
            c.setAutoCommit(false);
            while (true) {
                List<ImportRow> batch = queue.poll(200, TimeUnit.MILLISECONDS);
                if (batch == END) {
                    break;
                }
                if (batch != null) {
                    CertificateBatch.Written written = write(c, batch);
                    newCertificates.addAndGet(written.newCertificates());
                    alreadyKnown.addAndGet(written.alreadyKnown());
                    rowsWritten.addAndGet(batch.size());
                }
            }
            c.setAutoCommit(true);
            CertificateBatch.release(c);
            try (Statement s = c.createStatement()) {
                s.execute("RESET synchronous_commit");
            }
        } catch (InterruptedException | SQLException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Writes one batch: the rows the store does not hold go in with a plain COPY, with their keys'
     * rows, the others are merged (their keys are audited after the import). When a row turns up
     * meanwhile (another writer, another process) the batch is rolled back and merged whole,
     * which is right whatever is stored.
     */
    private static CertificateBatch.Written write(Connection c, List<ImportRow> batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                CertificateBatch.Written written;
                if (attempt == 1) {
                    Set<String> known = CertificateBatch.known(c, batch);
                    List<ImportRow> fresh = new ArrayList<>(batch.size() - known.size());
                    List<ImportRow> stored = new ArrayList<>(known.size());
                    for (ImportRow row : batch) {
                        (known.contains(row.certhash()) ? stored : fresh).add(row);
                    }
                    long inserted = CertificateBatch.insertNew(c, fresh);
                    CertificateBatch.Written merged = CertificateBatch.merge(c, stored);
                    written = new CertificateBatch.Written(inserted + merged.newCertificates(), merged.alreadyKnown());
                } else {
                    written = CertificateBatch.merge(c, batch);
                }
                c.commit();
                return written;
            } catch (SQLException e) {
                c.rollback();
                if (attempt >= ATTEMPTS || !RETRY_STATES.contains(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
