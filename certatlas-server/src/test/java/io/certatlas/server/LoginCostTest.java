package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.ClientAddress;
import io.certatlas.server.security.LoginService;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.LoginThrottle;
import io.certatlas.store.access.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every guess costs one real bcrypt check, whether the name is an account or not and whatever the
 * password, so that the time of an answer does not tell which names exist. The encoder skips the
 * hash for an empty guess, so each check must hand it a non-empty one and a bcrypt hash of the
 * server's cost.
 */
class LoginCostTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        new Accounts(server.database.dsl()).create("costly", Passwords.encoder().encode("the password of costly"), Role.USER, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eachGuessHashesOnceForKnownAndUnknownNamesAlike() {
        RecordingEncoder encoder = new RecordingEncoder(Passwords.encoder());
        LoginService logins = new LoginService(new Accounts(server.database.dsl()), new LoginThrottle(server.database.dsl()), encoder);
        String[][] guesses = {
            {"costly", "a wrong password"},
            {"nobody-by-this-name", "a wrong password"},
            {"costly", ""},
            {"nobody-by-this-name", ""},
            {"costly", "é".repeat(40)},
            {"costly", "the password of costly"},
        };
        for (int i = 0; i < guesses.length; i++) {
            encoder.checks.clear();
            logins.login(guesses[i][0], guesses[i][1], ClientAddress.of("127.0.3." + i));
            assertThat(encoder.checks).as("guess %s / %s", guesses[i][0], guesses[i][1]).singleElement().satisfies(check -> {
                assertThat(check.guess()).isNotEmpty();
                assertThat(check.hash()).startsWith("$2a$11$");
            });
        }
    }

    private record Check(String guess, String hash) {}

    private static final class RecordingEncoder implements PasswordEncoder {
        private final PasswordEncoder real;
        final List<Check> checks = new ArrayList<>();

        RecordingEncoder(PasswordEncoder real) {
            this.real = real;
        }

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String hash) {
            checks.add(new Check(raw.toString(), hash));
            return real.matches(raw, hash);
        }
    }
}
