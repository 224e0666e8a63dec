package io.certatlas.server.security;

import io.certatlas.server.api.ErrorBody;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth}: form fields username and password ({@code token} and {@code permissions} are
 * accepted and change nothing). Answers 201 with the bare JWT as text/plain, nothing around it,
 * because clients paste the body straight into their Authorization header.
 */
@RestController
public class AuthController {

    private final LoginService logins;
    private final TokenService tokens;

    public AuthController(LoginService logins, TokenService tokens) {
        this.logins = logins;
        this.tokens = tokens;
    }

    @PostMapping(path = "/auth")
    public ResponseEntity<?> authenticate(@RequestParam(name = "username", required = false) String username,
                                          @RequestParam(name = "password", required = false) String password) {
        if (username == null || password == null) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of(400,
                    "INVALID_PARAMETER", "send the form fields 'username' and 'password' (application/x-www-form-urlencoded)",
                    Optional.of(username == null ? "username" : "password"), Map.of()));
        }
        return switch (logins.login(username, password)) {
            case LoginService.Outcome.Accepted accepted -> ResponseEntity.status(HttpStatus.CREATED)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(tokens.issue(accepted.account().username()));
            case LoginService.Outcome.Rejected rejected -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of(401, "INVALID_CREDENTIALS", "wrong username or password", Optional.empty(), Map.of()));
            case LoginService.Outcome.Locked locked -> {
                long seconds = Math.max(1, locked.retryAfter().toSeconds() + 1);
                yield ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-RateLimit-Remaining", "0")
                        .header("X-RateLimit-ToWait-Sec", Long.toString(seconds))
                        .header("Retry-After", Long.toString(seconds))
                        .body(ErrorBody.of(429, "TOO_MANY_FAILED_LOGINS", "too many failed logins for this account;"
                                + " try again in " + seconds + " s", Optional.empty(), Map.of()));
            }
        };
    }
}
