package io.certatlas.server.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token decoder that remembers the tokens it verified, so that a client sending the same token
 * with every request pays for parsing, claim conversion and the signature once: under the API's
 * load benchmark that was a tenth of the server's processor time. Only the exact text of a token
 * that passed every check is remembered, so nothing is accepted that the signature did not cover.
 * The checks that depend on the time (expiry, not-before) are made again on every use; what can
 * revoke a token before it expires, its account's token generation, is read from the database
 * per request as before ({@link SecurityConfiguration}).
 */
final class VerifiedTokens implements JwtDecoder {

    /** Tokens remembered at most; past this the memory starts again empty (a busy minute holds a few dozen). */
    static final int REMEMBERED = 4_096;

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> checks;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    /**
     * @param verifier decodes, verifies and checks a token not seen before
     * @param checks   the verifier's checks, made again on a remembered token
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> checks) {
        this.verifier = verifier;
        this.checks = checks;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null) {
            if (!checks.validate(known).hasErrors()) {
                return known;
            }
            // Expired since: forgotten, and refused below with the verifier's own message.
            verified.remove(token);
        }
        Jwt jwt = verifier.decode(token);
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }

    /** How many tokens are remembered now. */
    int remembered() {
        return verified.size();
    }
}
