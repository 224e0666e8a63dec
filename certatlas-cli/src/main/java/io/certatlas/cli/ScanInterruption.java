package io.certatlas.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a scan: without this the JVM runs its shutdown hooks and
 * halts, and a {@code --format json} scan, which writes its document at the end, writes nothing
 * of what it already found. The hook interrupts the scanning thread (the scanner then starts no
 * new endpoint and reports itself interrupted) and holds the exit until the command has written
 * its output; the JVM then exits with the signal's status, 130 for SIGINT and 143 for SIGTERM.
 */
final class ScanInterruption implements AutoCloseable {

    /** Endpoints in flight may finish this long; then they are cut, so that Ctrl-C stops within seconds. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** After the cut, how long the output may take before the JVM exits anyway. */
    private static final Duration WRITING = Duration.ofSeconds(15);

    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;

    private ScanInterruption(Thread scanning) {
        this.hook = Thread.ofPlatform().name("certatlas-scan-interrupt").unstarted(() -> {
            scanning.interrupt();
            try {
                if (!written.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    // A second interrupt reaches the scanner while it waits for the endpoints in flight: it stops them.
                    scanning.interrupt();
                    written.await(WRITING.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Watches for a stop signal while the calling thread scans and writes its output. */
    static ScanInterruption watching() {
        ScanInterruption interruption = new ScanInterruption(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** The output is written: a hook that is running lets the JVM exit, one that is not is withdrawn. */
    @Override
    public void close() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and returns now that the output is written.
        }
    }
}
