package io.certatlas.cli.check;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold of {@code certatlas check}: how long before its end a certificate starts to count,
 * written as {@code 30d}, {@code 12h}, {@code 2w} or a plain number of days (what check_http's
 * {@code -C 30,7} means by its numbers). It keeps the text the user gave so that the QQL sent to
 * the server names the same window the user asked for.
 */
public record ExpiryWindow(long amount, char unit) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,6})([hdw]?)");

    public ExpiryWindow {
        if (amount < 0 || "hdw".indexOf(unit) < 0) {
            throw new IllegalArgumentException("a window is a count of h, d or w, was " + amount + unit);
        }
    }

    /**
     * Reads {@code 30d}, {@code 12h}, {@code 2w}, or {@code 30} (days).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static ExpiryWindow parse(String text) {
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a window: write a whole number of hours, days or weeks,"
                    + " e.g. 12h, 30d, 2w (a number alone is days)");
        }
        return new ExpiryWindow(Long.parseLong(m.group(1)), m.group(2).isEmpty() ? 'd' : m.group(2).charAt(0));
    }

    public Duration duration() {
        return switch (unit) {
            case 'h' -> Duration.ofHours(amount);
            case 'w' -> Duration.ofDays(7 * amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The window's end as QQL's relative date, e.g. {@code now+30d}. */
    public String qqlEnd() {
        return "now+" + amount + unit;
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit);
    }
}
