package io.certatlas.client;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The wait a server asks for, read from its headers: Qualys' {@code X-RateLimit-ToWait-Sec}
 * (integer seconds; on a 429, and on a success whose {@code X-RateLimit-Remaining} is 0), else the
 * standard {@code Retry-After} (seconds or an HTTP date).
 */
final class ServerWait {

    private ServerWait() {}

    /** The wait named by a refusal (429, 503, ...): empty when the server named none. */
    static Optional<Duration> after(HttpHeaders headers, Clock clock) {
        OptionalLong toWait = integer(headers, "X-RateLimit-ToWait-Sec");
        if (toWait.isPresent() && toWait.getAsLong() >= 0) {
            return Optional.of(Duration.ofSeconds(toWait.getAsLong()));
        }
        return headers.firstValue("Retry-After").flatMap(value -> retryAfter(value.strip(), clock));
    }

    /**
     * The wait a successful answer announces for the next request: when the window's quota is
     * used up ({@code X-RateLimit-Remaining: 0}), the {@code X-RateLimit-ToWait-Sec} it names.
     */
    static Optional<Duration> beforeNext(HttpHeaders headers) {
        OptionalLong remaining = integer(headers, "X-RateLimit-Remaining");
        OptionalLong toWait = integer(headers, "X-RateLimit-ToWait-Sec");
        if (remaining.isPresent() && remaining.getAsLong() <= 0 && toWait.isPresent() && toWait.getAsLong() > 0) {
            return Optional.of(Duration.ofSeconds(toWait.getAsLong()));
        }
        return Optional.empty();
    }

    private static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong integer(HttpHeaders headers, String name) {
        Optional<String> value = headers.firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
