package io.certatlas.alerts.rule;

import io.certatlas.store.alerts.AlertRule;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a rule's new messages may go out: now; the end of its quiet hours when now falls in them;
 * or, for a daily digest, the next digest time (quiet hours do not hold a digest back: its time
 * is chosen by the same operator).
 */
public final class AlertTiming {

    private AlertTiming() {
    }

    public static Instant sendAt(AlertRule rule, Instant now) {
        ZoneId zone = ZoneId.of(rule.zone());
        ZonedDateTime local = now.atZone(zone);
        if (rule.digestAt().isPresent()) {
            ZonedDateTime today = local.with(rule.digestAt().get());
            return (today.isAfter(local) ? today : today.plusDays(1)).toInstant();
        }
        if (rule.quietStart().isPresent() && rule.quietEnd().isPresent()) {
            LocalTime start = rule.quietStart().get();
            LocalTime end = rule.quietEnd().get();
            LocalTime time = local.toLocalTime();
            boolean overnight = end.isBefore(start);
            boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end) : !time.isBefore(start) && time.isBefore(end);
            if (quiet) {
                ZonedDateTime endToday = local.with(end);
                return (endToday.isAfter(local) ? endToday : endToday.plusDays(1)).toInstant();
            }
        }
        return now;
    }
}
