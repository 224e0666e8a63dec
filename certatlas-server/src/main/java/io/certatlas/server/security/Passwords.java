package io.certatlas.server.security;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The one password hashing of CertAtlas (bcrypt, cost 11), for the server and the command line alike. */
public final class Passwords {

    private static final PasswordEncoder ENCODER = new BCryptPasswordEncoder(11);

    private Passwords() {}

    public static PasswordEncoder encoder() {
        return ENCODER;
    }

    /** Rejects passwords too weak to guard an inventory; the message says what is wanted. */
    public static void requireAcceptable(String password) {
        if (password == null || password.length() < 12) {
            throw new IllegalArgumentException("a password needs at least 12 characters");
        }
        if (password.length() > 72) {
            // bcrypt reads at most 72 bytes; longer passwords would be silently cut.
            throw new IllegalArgumentException("a password may have at most 72 characters");
        }
    }
}
