package io.certatlas.alerts.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a recurring scan is due: a cron expression of five fields (minute hour day-of-month
 * month day-of-week, as crontab writes it), six (seconds first), or a macro such as
 * {@code @daily} or {@code @hourly}, read in a time zone.
 *
 * <p>The days are crontab's: when day-of-month and day-of-week are both restricted (neither
 * starts with {@code *}), a day that matches either is a run day, so {@code 0 9 1 * 1} runs on
 * the 1st and on every Monday. Spring's {@link CronExpression} alone wants both to match, so such
 * an expression is kept as two, one per day field, and the earlier of their next times wins.
 */
public record CronSchedule(String expression, ZoneId zone, List<CronExpression> alternatives) {

    public CronSchedule {
        alternatives = List.copyOf(alternatives);
    }

    /** Reads the expression; an {@link IllegalArgumentException} says what is wrong with it. */
    public static CronSchedule parse(String expression, String zone) {
        String text = expression == null ? "" : expression.strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a cron expression is needed, for example '0 3 * * *' (every day at 03:00)");
        }
        int fields = text.split(" ").length;
        if (!text.startsWith("@") && fields != 5 && fields != 6) {
            throw new IllegalArgumentException("'" + text + "' has " + fields + " field" + (fields == 1 ? "" : "s")
                    + "; write five: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'");
        }
        if (fields == 6 && !text.split(" ")[0].matches("[0-5]?[0-9]")) {
            // Six fields put seconds first; anything but one second a minute would start a scan
            // every few seconds, faster than a scan of any size can finish.
            throw new IllegalArgumentException("'" + text + "' runs more than once a minute; a schedule runs at most once"
                    + " a minute: write five fields (minute hour day-of-month month day-of-week), e.g. '*/5 * * * *'");
        }
        String six = !text.startsWith("@") && fields == 5 ? "0 " + text : text;
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + zone + "' is not a time zone; use a name such as UTC or Europe/Berlin");
        }
        List<CronExpression> alternatives;
        try {
            alternatives = alternatives(six);
        } catch (IllegalArgumentException e) {
            // Spring quotes the six-field form it was given (one per day field); the user knows only their own.
            String why = String.valueOf(e.getMessage()).replaceAll(" in cron expression \"[^\"]*\"", "");
            throw new IllegalArgumentException("'" + text + "' is not a cron expression (" + why
                    + "); write five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'");
        }
        CronSchedule schedule = new CronSchedule(text, zoneId, alternatives);
        if (schedule.after(ZonedDateTime.now(zoneId)) == null) {
            throw new IllegalArgumentException("'" + text + "' names no time that ever comes (a day such as 31 February):"
                    + " check the day-of-month and month fields");
        }
        return schedule;
    }

    private static List<CronExpression> alternatives(String six) {
        String[] fields = six.split(" ");
        // Vixie cron (and cronie after it) treats a day field starting with '*' as unrestricted,
        // '*/2' included; Spring's '?' means the same.
        if (fields.length != 6 || unrestricted(fields[3]) || unrestricted(fields[5])) {
            return List.of(CronExpression.parse(six));
        }
        String[] byDayOfMonth = fields.clone();
        byDayOfMonth[5] = "*";
        String[] byDayOfWeek = fields.clone();
        byDayOfWeek[3] = "*";
        return List.of(CronExpression.parse(String.join(" ", byDayOfMonth)), CronExpression.parse(String.join(" ", byDayOfWeek)));
    }

    private static boolean unrestricted(String dayField) {
        return dayField.startsWith("*") || dayField.equals("?");
    }

    /** The first time strictly after {@code now} the expression names. */
    public Instant next(Instant now) {
        ZonedDateTime next = after(now.atZone(zone));
        if (next == null) {
            throw new IllegalArgumentException("'" + expression + "' never comes again");
        }
        return next.toInstant();
    }

    private ZonedDateTime after(ZonedDateTime time) {
        return alternatives.stream().map(cron -> cron.next(time)).filter(Objects::nonNull)
                .min(ZonedDateTime::compareTo).orElse(null);
    }
}
