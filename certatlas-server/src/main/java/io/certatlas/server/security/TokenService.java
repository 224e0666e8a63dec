package io.certatlas.server.security;

import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.store.access.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues and checks the bearer tokens of {@code POST /auth}: HS256 JWTs signed with a key made at
 * first start ({@code <data-dir>/jwt-signing-key}, mode 0600), valid for four hours; a token
 * without an expiry is refused. A token names its account by the account's uuid ({@code uid};
 * {@code sub} keeps the name for clients that read it) and carries the account's token
 * generation ({@code gen}): a password, role or scope change advances the generation and
 * deletion removes the account, and either ends every token issued before (checked per request).
 * Logging in again changes neither, so it never revokes an earlier token.
 */
public final class TokenService {

    public static final Duration LIFETIME = Duration.ofHours(4);
    public static final String ISSUER = "certatlas";
    public static final String AUDIENCE = "certview";
    /** The claim holding the account's uuid. */
    public static final String ACCOUNT_CLAIM = "uid";
    /** The claim holding the account's token generation when the token was issued. */
    public static final String GENERATION_CLAIM = "gen";

    private final NimbusJwtEncoder encoder;
    private final VerifiedTokens decoder;
    private final Clock clock;

    public TokenService(SecretKey key, Clock clock) {
        this.clock = clock;
        this.encoder = NimbusJwtEncoder.withSecretKey(key).build();
        NimbusJwtDecoder verifier = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(AUDIENCE)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not for this API", null));
        // The timestamp check passes a token that has no exp at all; such a token would never expire.
        OAuth2TokenValidator<Jwt> expires = jwt -> jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry (exp)", null));
        OAuth2TokenValidator<Jwt> account = jwt -> jwt.hasClaim(ACCOUNT_CLAIM) && jwt.hasClaim(GENERATION_CLAIM)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token names no account", null));
        OAuth2TokenValidator<Jwt> checks = new DelegatingOAuth2TokenValidator<>(
                expires, timestamps, JwtValidators.createDefaultWithIssuer(ISSUER), audience, account);
        verifier.setJwtValidator(checks);
        this.decoder = new VerifiedTokens(verifier, checks);
    }

    /** Loads the signing key of this data directory, making it on first use. */
    public static TokenService forDataDirectory(Path dataDirectory, Clock clock) {
        Path file = dataDirectory.resolve("jwt-signing-key");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path temporary = file.resolveSibling("jwt-signing-key.tmp");
                Files.writeString(temporary, HexFormat.of().formatHex(secret));
                OwnerOnlyFile.restrict(temporary);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] secret = HexFormat.of().parseHex(Files.readString(file).strip());
            return new TokenService(new SecretKeySpec(secret, "HmacSHA256"), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file + ": " + e.getMessage(), e);
        }
    }

    public String issue(Account account) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .id(UUID.randomUUID().toString())
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(account.username())
                .claim(ACCOUNT_CLAIM, account.uuid().toString())
                .claim(GENERATION_CLAIM, account.tokenGeneration())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(LIFETIME))
                .claim("modulesAllowed", List.of("CERTVIEW"))
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(), claims))
                .getTokenValue();
    }

    public JwtDecoder decoder() {
        return decoder;
    }
}
