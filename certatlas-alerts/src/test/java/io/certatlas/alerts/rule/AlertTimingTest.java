package io.certatlas.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.alerts.AlertCondition;
import io.certatlas.store.alerts.AlertRule;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Quiet hours hold messages until they end (also across midnight); a digest waits for its time. */
class AlertTimingTest {

    private static AlertRule rule(Optional<LocalTime> quietStart, Optional<LocalTime> quietEnd, Optional<LocalTime> digest) {
        return new AlertRule(1, UUID.randomUUID(), "r", "", AlertCondition.STALE, "", true, quietStart, quietEnd,
                "Europe/Berlin", digest, List.of(), "test", Instant.EPOCH, Optional.empty());
    }

    @Test
    void quietHoursAcrossMidnightHoldUntilTheirEnd() {
        AlertRule night = rule(Optional.of(LocalTime.of(22, 0)), Optional.of(LocalTime.of(7, 0)), Optional.empty());
        // 23:30 in Berlin (winter, UTC+1) is quiet: held until 07:00 Berlin, 06:00 UTC.
        assertThat(AlertTiming.sendAt(night, Instant.parse("2026-01-10T22:30:00Z"))).isEqualTo(Instant.parse("2026-01-11T06:00:00Z"));
        // 03:00 Berlin, same night.
        assertThat(AlertTiming.sendAt(night, Instant.parse("2026-01-11T02:00:00Z"))).isEqualTo(Instant.parse("2026-01-11T06:00:00Z"));
        // 12:00 Berlin is not quiet: now.
        assertThat(AlertTiming.sendAt(night, Instant.parse("2026-01-11T11:00:00Z"))).isEqualTo(Instant.parse("2026-01-11T11:00:00Z"));
    }

    @Test
    void aDigestWaitsForItsNextTime() {
        AlertRule daily = rule(Optional.empty(), Optional.empty(), Optional.of(LocalTime.of(8, 0)));
        assertThat(AlertTiming.sendAt(daily, Instant.parse("2026-01-11T06:00:00Z"))).isEqualTo(Instant.parse("2026-01-11T07:00:00Z"));
        assertThat(AlertTiming.sendAt(daily, Instant.parse("2026-01-11T07:30:00Z"))).isEqualTo(Instant.parse("2026-01-12T07:00:00Z"));
    }
}
