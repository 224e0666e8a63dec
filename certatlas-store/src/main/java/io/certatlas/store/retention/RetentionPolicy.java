package io.certatlas.store.retention;

/**
 * How many days of history the store keeps; 0 keeps it for ever.
 *
 * @param jobDays finished scan jobs, schedule runs and alert messages sent
 * @param historyDays certificates an endpoint no longer serves, fixed findings, resolved alerts,
 *     dead alert messages and full key-audit runs
 */
public record RetentionPolicy(int jobDays, int historyDays) {

    /** A hundred years: the largest number of days the policy takes. */
    public static final int MAX_DAYS = 36_500;

    public RetentionPolicy {
        check("job days", jobDays);
        check("history days", historyDays);
    }

    private static void check(String what, int days) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException(what + " must be from 0 (keep for ever) to " + MAX_DAYS + ", was " + days);
        }
    }
}
