package io.certatlas.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.server.MovableClock;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembered tokens are the verified ones, word for word: a token seen before is answered from
 * memory, but still refused once it expires, and a token that differs from a remembered one in a
 * single character is verified afresh (and refused when its signature does not match).
 */
class VerifiedTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MovableClock clock = new MovableClock();
    private final TokenService tokens = new TokenService(new SecretKeySpec(SECRET, "HmacSHA256"), clock);
    private final Account alice = new Account(7, UUID.randomUUID(), "alice", "", Role.USER, 3, 0, Optional.empty(),
            List.of(), List.of(), Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aTokenSeenBeforeIsTheSameVerifiedTokenUntilItExpires() {
        String token = tokens.issue(alice);
        JwtDecoder decoder = tokens.decoder();
        Jwt first = decoder.decode(token);
        Jwt again = decoder.decode(token);
        assertThat(again).isSameAs(first);
        assertThat(again.getClaimAsString(TokenService.ACCOUNT_CLAIM)).isEqualTo(alice.uuid().toString());

        clock.advance(TokenService.LIFETIME.plus(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenAlteredInOneCharacterIsVerifiedAfreshAndRefused() {
        String token = tokens.issue(alice);
        JwtDecoder decoder = tokens.decoder();
        decoder.decode(token);
        int last = token.length() - 2;
        String altered = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);
        assertThatThrownBy(() -> decoder.decode(altered)).isInstanceOf(JwtException.class);

        String forged = new TokenService(new SecretKeySpec("another key, 32 bytes long......".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), "HmacSHA256"), clock).issue(alice);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
        assertThat(decoder.decode(token).getClaimAsString(TokenService.ACCOUNT_CLAIM)).isEqualTo(alice.uuid().toString());
    }

    @Test
    void memoryIsBounded() {
        VerifiedTokens decoder = (VerifiedTokens) tokens.decoder();
        for (int i = 0; i < VerifiedTokens.REMEMBERED + 10; i++) {
            decoder.decode(tokens.issue(alice));
        }
        assertThat(decoder.remembered()).isLessThanOrEqualTo(VerifiedTokens.REMEMBERED);
    }
}
