package io.certatlas.server.security;

import io.certatlas.server.api.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /auth}: form fields username and password in the body ({@code token} and
 * {@code permissions} are accepted and change nothing). Answers 201 with the bare JWT as
 * text/plain, nothing around it, because clients paste the body straight into their
 * Authorization header. A wrong password and an unknown name get the same 401; too many
 * failed guesses (for the name, or from the client's address) a 429 with Qualys' headers.
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
    public ResponseEntity<?> authenticate(HttpServletRequest request) {
        LoginForm form = LoginForm.read(request);
        return switch (logins.login(form.username(), form.password(), ClientAddress.of(request.getRemoteAddr()))) {
            case LoginService.Outcome.Accepted accepted -> ResponseEntity.status(HttpStatus.CREATED)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(tokens.issue(accepted.account()));
            case LoginService.Outcome.Rejected rejected -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of(401, "INVALID_CREDENTIALS", "wrong username or password", Optional.empty(), Map.of()));
            case LoginService.Outcome.Locked locked -> {
                long seconds = Math.max(1, (locked.retryAfter().toMillis() + 999) / 1000);
                String which = locked.fromAddress()
                        ? "too many failed logins from your address (across all user names)"
                        : "too many failed logins for this account";
                yield ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-RateLimit-Remaining", "0")
                        .header("X-RateLimit-ToWait-Sec", Long.toString(seconds))
                        .header("Retry-After", Long.toString(seconds))
                        .body(ErrorBody.of(429, "TOO_MANY_FAILED_LOGINS", which + "; try again in " + seconds + " s",
                                Optional.empty(), Map.of()));
            }
        };
    }
}
