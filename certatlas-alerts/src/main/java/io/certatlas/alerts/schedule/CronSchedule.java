package io.certatlas.alerts.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a recurring scan is due: a cron expression of five fields (minute hour day-of-month
 * month day-of-week, as crontab writes it), six (seconds first), or a macro such as
 * {@code @daily} or {@code @hourly}, read in a time zone.
 */
public record CronSchedule(String expression, ZoneId zone, CronExpression cron) {

    /** Reads the expression; an {@link IllegalArgumentException} says what is wrong with it. */
    public static CronSchedule parse(String expression, String zone) {
        String text = expression == null ? "" : expression.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a cron expression is needed, for example '0 3 * * *' (every day at 03:00)");
        }
        String six = !text.startsWith("@") && text.split(" ").length == 5 ? "0 " + text : text;
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + zone + "' is not a time zone; use a name such as UTC or Europe/Berlin");
        }
        CronExpression cron;
        try {
            cron = CronExpression.parse(six);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression (" + e.getMessage()
                    + "); write five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'");
        }
        if (cron.next(ZonedDateTime.now(zoneId)) == null) {
            throw new IllegalArgumentException("'" + text + "' names no time that ever comes (a day such as 31 February):"
                    + " check the day-of-month and month fields");
        }
        return new CronSchedule(text, zoneId, cron);
    }

    /** The first time strictly after {@code now} the expression names. */
    public Instant next(Instant now) {
        ZonedDateTime next = cron.next(now.atZone(zone));
        if (next == null) {
            throw new IllegalArgumentException("'" + expression + "' never comes again");
        }
        return next.toInstant();
    }
}
