package io.certatlas.server.security;

import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.LoginThrottle;
import io.certatlas.store.access.LoginThrottle.Policy;
import io.certatlas.store.access.LoginThrottle.Reservation;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a username and password, guarded by two counts of guesses kept in the database.
 * <ul>
 * <li>Per account: five guesses in a series; the fifth failure locks the account for 30 seconds,
 * each further one doubles that, up to 15 minutes. A success ends the series.</li>
 * <li>Per client address (IPv6: per /64), across all user names: fifty failed guesses, then the
 * same locks. A success takes back its own guess but does not end the series.</li>
 * </ul>
 * A series also ends after an hour without a guess. Each guess is counted before its password is
 * checked, so that no concurrency gets more guesses checked. A name that belongs to no account is
 * counted and locked exactly like an account, and its guess costs one bcrypt check like any other,
 * so that neither the answer, its timing nor a lock-out tells whether an account exists.
 */
public final class LoginService {

    static final Policy PER_ACCOUNT = new Policy(5, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1));
    static final Policy PER_ADDRESS = new Policy(50, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1));

    /** How a login attempt ended. */
    public sealed interface Outcome {
        record Accepted(Account account) implements Outcome {}

        record Rejected() implements Outcome {}

        /** Too many failed guesses, for the name asked for ({@code fromAddress} false) or from the client's address. */
        record Locked(Duration retryAfter, boolean fromAddress) implements Outcome {}
    }

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords;
    // Compared against when the user does not exist (or the password cannot be anyone's), so that
    // such a guess costs as long as a wrong password. The guess compared must not be empty: the
    // encoder answers an empty one at once, without hashing, and the difference is measurable.
    private static final String DECOY_GUESS = "a guess that is checked only to take the time of one";
    private final String decoyHash;

    public LoginService(Accounts accounts, LoginThrottle throttle, PasswordEncoder passwords) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.passwords = passwords;
        this.decoyHash = passwords.encode("decoy password that matches nothing");
    }

    public Outcome login(String username, String password, ClientAddress client) {
        String address = LoginThrottle.address(client.throttleKey());
        if (throttle.reserve(address, PER_ADDRESS) instanceof Reservation.Refused refused) {
            return new Outcome.Locked(refused.retryAfter(), true);
        }
        Optional<Account> found = couldBeAUsername(username) ? accounts.find(username) : Optional.empty();
        String subject = found.map(a -> LoginThrottle.account(a.id())).orElseGet(() -> LoginThrottle.unknownName(username));
        if (throttle.reserve(subject, PER_ACCOUNT) instanceof Reservation.Refused refused) {
            throttle.refund(address, PER_ADDRESS);
            return new Outcome.Locked(refused.retryAfter(), false);
        }
        boolean right;
        if (found.isPresent() && !password.isEmpty() && Passwords.fitsBcrypt(password)) {
            right = passwords.matches(password, found.get().passwordHash());
        } else {
            passwords.matches(DECOY_GUESS, decoyHash);
            right = false;
        }
        if (!right) {
            return new Outcome.Rejected();
        }
        throttle.clear(subject);
        throttle.refund(address, PER_ADDRESS);
        return new Outcome.Accepted(found.get());
    }

    /** Text that no account can be named (PostgreSQL cannot even compare a NUL) is not looked up. */
    private static boolean couldBeAUsername(String username) {
        return !username.isBlank() && username.length() <= 200 && username.indexOf('\0') < 0;
    }
}
