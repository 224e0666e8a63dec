package io.certatlas.server.security;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The one password hashing of CertAtlas (bcrypt, cost 11), for the server and the command line alike. */
public final class Passwords {

    private static final PasswordEncoder ENCODER = new BCryptPasswordEncoder(11);

    private Passwords() {}

    public static PasswordEncoder encoder() {
        return ENCODER;
    }

    /**
     * The most a password may hold, in bytes of UTF-8: bcrypt reads no further, and a longer
     * password would be cut silently (or refused by the encoder). 72 ASCII characters, fewer
     * accented or other non-ASCII ones.
     */
    public static final int MAX_BYTES = 72;
    public static final int MIN_CHARACTERS = 12;

    /** Rejects passwords too weak to guard an inventory, or too long for bcrypt; the message says what is wanted. */
    public static void requireAcceptable(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_CHARACTERS) {
            throw new IllegalArgumentException("a password needs at least " + MIN_CHARACTERS + " characters");
        }
        if (password.isBlank()) {
            // Twelve spaces count twelve characters and guard nothing: the first thing a guesser tries after the empty one.
            throw new IllegalArgumentException("a password may not be only spaces or other white space");
        }
        int bytes = utf8Bytes(password);
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a password may have at most " + MAX_BYTES + " bytes in UTF-8 (72 ASCII"
                    + " characters, fewer accented or other non-ASCII ones); this one has " + bytes + " bytes");
        }
    }

    /** Whether bcrypt can check this password at all; a longer one cannot be anyone's password. */
    public static boolean fitsBcrypt(String password) {
        return utf8Bytes(password) <= MAX_BYTES;
    }

    private static int utf8Bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length;
    }
}
