package io.certatlas.client;

import io.certatlas.client.error.NotAuthenticated;
import io.certatlas.client.error.ServerAnswer;
import io.certatlas.client.error.UnexpectedAnswer;
import io.certatlas.client.tls.ServerUrl;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login of one user: {@code POST /auth} gives a token (a JWT, 4 hours on both CertAtlas and
 * Qualys). The token is renewed before it runs out, by the {@code exp} the token itself carries
 * (or 4 hours after login when it carries none), so that a long export never sends an expired
 * one; a token the server refuses anyway (its clock runs ahead, it was revoked) is replaced once.
 */
final class Session {

    /** What Certificate View documents, assumed when a token does not say. */
    static final Duration DOCUMENTED_LIFETIME = Duration.ofHours(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Exchange exchange;
    private final ServerUrl url;
    private final String username;
    private final char[] password;
    private final Clock clock;
    private final Duration renewBefore;
    private final Consumer<String> notices;
    private String token = "";
    private Instant renewAt = Instant.MIN;
    private int logins;

    Session(Exchange exchange, ServerUrl url, String username, char[] password, Clock clock, Duration renewBefore,
            Consumer<String> notices) {
        this.exchange = exchange;
        this.url = url;
        this.username = username;
        this.password = password.clone();
        this.clock = clock;
        this.renewBefore = renewBefore;
        this.notices = notices;
    }

    /** A token that is not about to expire, logging in when needed. */
    synchronized String token() {
        if (token.isEmpty() || !clock.instant().isBefore(renewAt)) {
            if (!token.isEmpty()) {
                notices.accept("renewing the token of " + username + " before it expires");
            }
            login();
        }
        return token;
    }

    /** The server refused {@code used}: the next {@link #token()} logs in again (unless another call already did). */
    synchronized void refused(String used) {
        if (used.equals(token)) {
            notices.accept("the server refused the token of " + username + "; logging in again");
            token = "";
        }
    }

    synchronized int logins() {
        return logins;
    }

    private void login() {
        String doing = "login of " + username + " at " + url;
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(new String(password), StandardCharsets.UTF_8) + "&token=true";
        Exchange.Answer answer = exchange.send(doing, () -> HttpRequest.newBuilder(url.resolve("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new NotAuthenticated(doing, ServerAnswer.of(answer.status(), answer.text()));
        }
        String body = answer.text().strip();
        if (answer.status() / 100 != 2) {
            throw new UnexpectedAnswer(doing, "the server answered " + ServerAnswer.of(answer.status(), answer.text()));
        }
        if (body.isEmpty() || body.contains(" ") || body.startsWith("{") || body.startsWith("<")) {
            throw new UnexpectedAnswer(doing, "the answer is not a token: " + ServerAnswer.of(answer.status(), body).message());
        }
        Instant now = clock.instant();
        Instant expires = expiry(body).orElse(now.plus(DOCUMENTED_LIFETIME));
        Duration lifetime = Duration.between(now, expires);
        // A short-lived token is renewed at three quarters of its life rather than never.
        Duration margin = lifetime.dividedBy(4).compareTo(renewBefore) < 0 ? lifetime.dividedBy(4) : renewBefore;
        token = body;
        renewAt = expires.minus(margin);
        logins++;
    }

    /** The {@code exp} claim of a JWT, when the token is one and has it. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.path("exp");
            return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
    }
}
