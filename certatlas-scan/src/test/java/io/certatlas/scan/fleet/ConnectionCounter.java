package io.certatlas.scan.fleet;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts connections open at once, and remembers the most seen, for the scanner's concurrency caps. */
public final class ConnectionCounter {

    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger maximum = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();

    void opened() {
        int now = current.incrementAndGet();
        total.incrementAndGet();
        maximum.accumulateAndGet(now, Math::max);
    }

    void closed() {
        current.decrementAndGet();
    }

    public int maximum() {
        return maximum.get();
    }

    public int total() {
        return total.get();
    }

    public int current() {
        return current.get();
    }
}
