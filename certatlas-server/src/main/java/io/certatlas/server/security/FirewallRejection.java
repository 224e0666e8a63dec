package io.certatlas.server.security;

import io.certatlas.server.api.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answer to a request Spring Security's firewall refuses (a path with {@code //}, {@code ;}
 * or an encoded dot, a header it cannot trust): a JSON 400 that says what to send instead. It is
 * written here rather than sent as an error to the error page, which Spring Security would
 * answer without its caching headers; the security headers are already set by then.
 */
final class FirewallRejection implements RequestRejectedHandler {

    private static final String PREFIX = "The request was rejected because ";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        ErrorBody.write(response, HttpServletResponse.SC_BAD_REQUEST, "BAD_REQUEST", "the request was refused ("
                + reason(e) + "); send a plain path: no '//', '/./' or '/../', no ';', no encoded '.', '/', '\\' or"
                + " '%', and headers of printable characters only");
    }

    /** The firewall's own reason, in the API's voice and cut short: it may quote what the client sent. */
    private static String reason(RequestRejectedException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage().strip();
        if (reason.startsWith(PREFIX)) {
            reason = reason.substring(PREFIX.length());
        }
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        if (reason.isBlank()) {
            return "the path or a header is not allowed";
        }
        return reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
    }
}
