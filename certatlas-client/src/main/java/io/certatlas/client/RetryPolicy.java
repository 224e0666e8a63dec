package io.certatlas.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to keep asking a server that answers "not now" (429, 502, 503, 504) or does not answer
 * at all. A wait the server names ({@code X-RateLimit-ToWait-Sec}, {@code Retry-After}) is kept
 * exactly, up to {@code longestWait}; without one the pause starts at {@code firstPause} and
 * doubles up to {@code longestPause}.
 *
 * @param attempts     requests per call, the first included (1: never retry)
 * @param firstPause   the first pause when the server names none
 * @param longestPause the cap of the doubling pauses
 * @param longestWait  the longest wait a server may ask for; asked for more, the call fails at once
 */
public record RetryPolicy(int attempts, Duration firstPause, Duration longestPause, Duration longestWait) {

    /** Six attempts, pauses from 1 s doubling to 30 s, and a server may ask for up to 15 minutes. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(15));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be 1 or more, was " + attempts);
        }
        Objects.requireNonNull(firstPause, "firstPause");
        Objects.requireNonNull(longestPause, "longestPause");
        Objects.requireNonNull(longestWait, "longestWait");
        if (firstPause.isNegative() || longestPause.compareTo(firstPause) < 0 || longestWait.isNegative()) {
            throw new IllegalArgumentException("pauses must be 0 or more and longestPause at least firstPause");
        }
    }

    /** The pause before attempt {@code attempt + 1} when the server named none. */
    Duration pauseAfter(int attempt) {
        Duration pause = firstPause;
        for (int i = 1; i < attempt && pause.compareTo(longestPause) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(longestPause) > 0 ? longestPause : pause;
    }
}
