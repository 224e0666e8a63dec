package io.certatlas.server.security;

import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a username and password. After five failures in a row an account is locked for 30
 * seconds, doubling with each further failure up to 15 minutes; a success clears the count.
 */
public final class LoginService {

    static final int FREE_ATTEMPTS = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    /** How a login attempt ended. */
    public sealed interface Outcome {
        record Accepted(Account account) implements Outcome {}

        record Rejected() implements Outcome {}

        record Locked(Duration retryAfter) implements Outcome {}
    }

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final Clock clock;
    // Compared against when the user does not exist, so that a wrong name costs as long as a wrong password.
    private final String decoyHash;

    public LoginService(Accounts accounts, PasswordEncoder passwords, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
        this.decoyHash = passwords.encode("decoy password that matches nothing");
    }

    public Outcome login(String username, String password) {
        Optional<Account> found = username == null || username.isBlank() ? Optional.empty() : accounts.find(username);
        if (found.isEmpty()) {
            passwords.matches(password == null ? "" : password, decoyHash);
            return new Outcome.Rejected();
        }
        Account account = found.get();
        Instant now = clock.instant();
        if (account.lockedUntil().isPresent() && account.lockedUntil().get().isAfter(now)) {
            return new Outcome.Locked(Duration.between(now, account.lockedUntil().get()));
        }
        if (password == null || !passwords.matches(password, account.passwordHash())) {
            accounts.recordFailedLogin(account.id(), FREE_ATTEMPTS, FIRST_LOCK, MAX_LOCK);
            return new Outcome.Rejected();
        }
        accounts.recordSuccessfulLogin(account.id());
        return new Outcome.Accepted(account);
    }
}
