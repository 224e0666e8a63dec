package io.certatlas.server.scanning;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database writes of one running scan job (its endpoints recorded, its progress), done on a
 * thread of their own in the order they come. The scanner's threads are interrupted when a job is
 * stopped, and an interrupt in the middle of a JDBC call closes the connection under it (a broken
 * connection, a lost write and a stack trace at every stop); this thread is never interrupted, and
 * {@link #close()} lets what was handed to it finish. At most {@value #WAITING} writes wait; a
 * scanner thread that would add one more waits for room.
 */
final class JobWrites implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWrites.class);
    private static final int WAITING = 1_024;
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final ThreadPoolExecutor writer;

    JobWrites(String job) {
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(WAITING),
                Thread.ofPlatform().name("scan-job-writes-" + job).daemon(true).factory(), (write, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("the job's writes are closed");
                    }
                    try {
                        executor.getQueue().put(write);
                    } catch (InterruptedException e) {
                        // The scan is being stopped: the job goes back to the queue and this endpoint is scanned again.
                        Thread.currentThread().interrupt();
                    }
                });
    }

    /** Hands a write over; it runs after the ones handed over before it. */
    void submit(Runnable write) {
        writer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.warn("a write of a scan job failed: {}", e.getMessage());
            }
        });
    }

    /** Waits until every write handed over is done (at most a minute), whatever the caller's interrupt state. */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("a scan job's writes did not finish within {} s; the job runs again from the start", DRAIN.toSeconds());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
