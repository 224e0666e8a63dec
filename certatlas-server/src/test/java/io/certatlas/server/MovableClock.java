package io.certatlas.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset a test sets and moves (four hours pass in a moment), or an
 * instant a test pins it to (the clock stands still until moved).
 */
public final class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Optional<Instant>> pinned = new AtomicReference<>(Optional.empty());

    public void set(Duration value) {
        offset.set(value);
    }

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Stops the clock at {@code instant}. */
    public void pin(Instant instant) {
        pinned.set(Optional.of(instant));
    }

    @Override
    public Instant instant() {
        return pinned.get().orElseGet(() -> Instant.now().plus(offset.get()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
