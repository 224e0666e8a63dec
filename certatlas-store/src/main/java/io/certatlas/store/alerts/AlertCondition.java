package io.certatlas.store.alerts;

import io.certatlas.store.renewal.RenewalSql;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an alert rule watches, with what its threshold means and what a subject of it is. The
 * subject is what fires and resolves once: a certificate, an endpoint serving a certificate, an
 * endpoint, or a finding on an endpoint.
 */
public enum AlertCondition {
    /** An endpoint still serves a leaf past its renewal point. Threshold: the fraction of the lifetime (default 2/3). */
    OVERDUE("fraction of the lifetime, above 0 and at most 1", "0.6667"),
    /** A certificate is still served somewhere although its successor was seen served. No threshold. */
    STALE("none", ""),
    /** A served certificate expires within N days (or has expired). Threshold: N, 1 to 3650. */
    EXPIRES_WITHIN("days, 1 to 3650", "30"),
    /** An endpoint serving a matching certificate has an active finding of at least this severity (1 to 5). */
    FINDING("minimum severity 1 to 5", "3"),
    /** An endpoint serving a matching certificate is graded below this grade (A+, A, A-, B, C, D, E, F). */
    GRADE_BELOW("grade A+, A, A-, B, C, D, E or F", "B"),
    /** A leaf matching the filter (for example a watched name) is seen for the first time after the rule was made. */
    NEW_CERTIFICATE("none", "");

    /** Grades from best to worst; T (not trusted) and M (name mismatch) count as failing. */
    public static final List<String> GRADES = List.of("A+", "A", "A-", "B", "C", "D", "E", "F", "T", "M");

    private final String thresholdMeaning;
    private final String defaultThreshold;

    AlertCondition(String thresholdMeaning, String defaultThreshold) {
        this.thresholdMeaning = thresholdMeaning;
        this.defaultThreshold = defaultThreshold;
    }

    public String thresholdMeaning() {
        return thresholdMeaning;
    }

    public static Optional<AlertCondition> named(String name) {
        String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (AlertCondition condition : values()) {
            if (condition.name().equals(key) || condition.name().replace("_", "").equals(key)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /**
     * The threshold in its canonical written form, the default when blank; an
     * {@link IllegalArgumentException} saying what is allowed when it does not fit.
     */
    public String threshold(String given) {
        String text = given == null ? "" : given.strip();
        if (text.isEmpty()) {
            return defaultThreshold;
        }
        return switch (this) {
            case STALE, NEW_CERTIFICATE -> throw new IllegalArgumentException(name() + " takes no threshold, was '" + text + "'");
            case OVERDUE -> {
                double fraction = number(text);
                if (!(fraction > 0 && fraction <= 1)) {
                    throw new IllegalArgumentException("OVERDUE's threshold is a " + thresholdMeaning + ", was '" + text + "'");
                }
                yield Double.toString(fraction);
            }
            case EXPIRES_WITHIN -> Long.toString(whole(text, 1, 3650));
            case FINDING -> Long.toString(whole(text, 1, 5));
            case GRADE_BELOW -> {
                String grade = text.toUpperCase(Locale.ROOT);
                if (!GRADES.subList(0, 8).contains(grade)) {
                    throw new IllegalArgumentException("GRADE_BELOW's threshold is a " + thresholdMeaning + ", was '" + text + "'");
                }
                yield grade;
            }
        };
    }

    /** Whether a subject's end is worth a message (a new certificate never "ends"). */
    public boolean resolves() {
        return this != NEW_CERTIFICATE;
    }

    double fraction(String threshold) {
        return threshold.isEmpty() ? RenewalSql.DEFAULT_FRACTION : Double.parseDouble(threshold);
    }

    private long whole(String text, long low, long high) {
        try {
            long value = Long.parseLong(text);
            if (value >= low && value <= high) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name() + "'s threshold is " + thresholdMeaning + ", was '" + text + "'");
    }

    private double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name() + "'s threshold is a " + thresholdMeaning + ", was '" + text + "'");
        }
    }
}
