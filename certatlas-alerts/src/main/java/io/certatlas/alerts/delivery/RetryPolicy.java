package io.certatlas.alerts.delivery;

import java.time.Duration;

/**
 * How often and how long a message is tried: the n-th failure waits {@code firstDelay * 2^(n-1)},
 * at most {@code maxDelay}; after {@code maxAttempts} attempts it goes to the dead-letter list.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    /** Ten attempts over about eight hours: 30 s, 1 min, 2 min, ... capped at 2 hours. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofHours(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public Duration delayAfter(int attempts) {
        Duration delay = firstDelay.multipliedBy(1L << Math.min(30, Math.max(0, attempts - 1)));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
