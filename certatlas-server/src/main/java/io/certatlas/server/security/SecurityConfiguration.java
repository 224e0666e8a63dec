package io.certatlas.server.security;

import io.certatlas.server.api.ErrorBody;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every endpoint but {@code /auth} wants a bearer token; the admin API and scan jobs want a
 * manager (a scan job's targets and counts are not within any tag scope, so a user of role
 * {@code user} gets 403). Failures answer in the API's JSON error shape. The account behind a
 * token is read by its uuid on every request and must still be in the token's generation, so a
 * deleted user's tokens, and tokens issued before a password, role or scope change, stop
 * working at once.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    public JwtDecoder jwtDecoder(TokenService tokens) {
        return tokens.decoder();
    }

    /**
     * Spring Security's firewall as it comes, except for the method: it would refuse one it does
     * not know (FOO) with a 400, where the API answers 405 with the methods the path takes. Every
     * method still goes through the same authorization, and a controller maps only its own.
     */
    @Bean
    public HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return firewall;
    }

    @Bean
    public RequestRejectedHandler requestRejectedHandler() {
        return new FirewallRejection();
    }

    @Bean
    public SecurityFilterChain filterChain(HttpSecurity http, Accounts accounts) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            ErrorBody.write(response, 401, "UNAUTHORIZED", e instanceof InvalidBearerTokenException
                    ? "the bearer token is not valid (" + e.getMessage() + "); get a new one with POST /auth"
                    : "this endpoint needs 'Authorization: Bearer <token>'; get a token with POST /auth");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> ErrorBody.write(response, 403, "FORBIDDEN",
                "only a manager may do this; ask a manager of this CertAtlas");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth
                        // Any method: only POST is mapped, and a GET is told so (405), not asked for a token.
                        .requestMatchers("/auth").permitAll()
                        .requestMatchers("/error", "/api/openapi.json").permitAll()
                        .requestMatchers("/api/v1/users/**", "/api/v1/users", "/api/v1/tags/**", "/api/v1/tags").hasRole("MANAGER")
                        .requestMatchers("/api/v1/scans", "/api/v1/scans/**").hasRole("MANAGER")
                        .requestMatchers("/api/v1/agent-tokens", "/api/v1/agent-tokens/**").hasRole("MANAGER")
                        .requestMatchers("/api/v1/observations", "/api/v1/observations/**").hasRole("MANAGER")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenResolver(new SingleBearerToken())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(callerOf(accounts))));
        return http.build();
    }

    private static Converter<Jwt, AbstractAuthenticationToken> callerOf(Accounts accounts) {
        return jwt -> {
            Account account = accountOf(jwt, accounts);
            return new CallerAuthentication(jwt, new Caller(account.id(), account.username(), account.role(), account.scope()));
        };
    }

    private static Account accountOf(Jwt jwt, Accounts accounts) {
        UUID uuid;
        long generation;
        try {
            uuid = UUID.fromString(jwt.getClaimAsString(TokenService.ACCOUNT_CLAIM));
            generation = Long.parseLong(jwt.getClaimAsString(TokenService.GENERATION_CLAIM));
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("it names no account");
        }
        Account account = accounts.find(uuid).orElseThrow(() -> new InvalidBearerTokenException("its user no longer exists"));
        if (account.tokenGeneration() != generation) {
            throw new InvalidBearerTokenException("it was revoked when the user's password, role or scope changed");
        }
        return account;
    }
}
