package io.certatlas.store.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.jooq.DSLContext;

/**
 * Counts login guesses per subject (an account, a name that belongs to no account, a client
 * address) in the database, so that every server sharing it counts the same guesses. A guess is
 * reserved in one statement before its password is checked: under any concurrency, a subject
 * never has more guesses checked than its policy allows, and a locked subject has none.
 */
public final class LoginThrottle {

    /**
     * How many guesses a subject has: {@code freeGuesses} in a series, then each further guess
     * locks it for {@code firstLock}, doubling up to {@code maxLock}. A series ends with a success
     * (for accounts) or after {@code quietPeriod} without a guess.
     */
    public record Policy(int freeGuesses, Duration firstLock, Duration maxLock, Duration quietPeriod) {

        public Policy {
            if (freeGuesses < 1 || firstLock.isNegative() || maxLock.compareTo(firstLock) < 0 || quietPeriod.isNegative()) {
                throw new IllegalArgumentException("a login policy needs at least one guess and 0 <= first lock <= max lock");
            }
        }
    }

    /** The answer to a reservation: check the password, or do not. */
    public sealed interface Reservation {
        record Granted() implements Reservation {}

        record Refused(Duration retryAfter) implements Reservation {}
    }

    private final DSLContext db;

    public LoginThrottle(DSLContext db) {
        this.db = db;
    }

    public static String account(long accountId) {
        return "account:" + accountId;
    }

    /** A name that belongs to no account: hashed, so that any text a client sends makes a short key. */
    public static String unknownName(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "name:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public static String address(String clientAddress) {
        return "address:" + clientAddress;
    }

    /** Counts one guess for the subject if it is not locked; the guess that reaches the limit locks it at once. */
    public Reservation reserve(String subject, Policy policy) {
        String next = "(case when t.updated < now() - ? * interval '1 millisecond' then 1 else t.failures + 1 end)";
        String lockAfter = "case when %1$s >= ? then now() + least(? * power(2, least(%1$s - ?, 20)), ?) * interval '1 millisecond' end";
        Integer failures = db.resultQuery("insert into login_throttle as t (subject, failures, locked_until, updated)"
                        + " values (?, 1, case when 1 >= ? then now() + ? * interval '1 millisecond' end, now())"
                        + " on conflict (subject) do update set failures = " + next + ", locked_until = "
                        + lockAfter.formatted(next) + ", updated = now()"
                        + " where t.locked_until is null or t.locked_until <= now() returning t.failures",
                        subject, policy.freeGuesses(), policy.firstLock().toMillis(),
                        policy.quietPeriod().toMillis(),
                        policy.quietPeriod().toMillis(), policy.freeGuesses(), policy.firstLock().toMillis(),
                        policy.quietPeriod().toMillis(), policy.freeGuesses(), policy.maxLock().toMillis())
                .fetchOptional(0, Integer.class).orElse(null);
        if (failures != null) {
            if (failures == 1) {
                forgetEndedSeries(policy);
            }
            return new Reservation.Granted();
        }
        long remaining = db.resultQuery("select coalesce(max(ceil(extract(epoch from (locked_until - now())) * 1000)), 0)::bigint"
                + " from login_throttle where subject = ?", subject).fetchOne(0, Long.class);
        return new Reservation.Refused(Duration.ofMillis(Math.max(remaining, 1000)));
    }

    /** Ends the subject's series: the guess was right (for an account), or a manager set a new password. */
    public void clear(String subject) {
        db.execute("delete from login_throttle where subject = ?", subject);
    }

    /**
     * Takes back one reserved guess that was right or never checked (for a client address, whose
     * count a success must not wipe: a client with one good password would reset it at will).
     */
    public void refund(String subject, Policy policy) {
        db.execute("update login_throttle set failures = greatest(failures - 1, 0),"
                + " locked_until = case when failures - 1 < ? then null else locked_until end where subject = ?",
                policy.freeGuesses(), subject);
    }

    private void forgetEndedSeries(Policy policy) {
        db.execute("delete from login_throttle where updated < now() - ? * interval '1 millisecond'"
                + " and (locked_until is null or locked_until < now())", policy.quietPeriod().toMillis());
    }
}
