package io.certatlas.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of every answer, page and API alike, and errors too: this filter sets
 * them before anything else runs (also on the dispatch to the error page, which is all a request
 * that Tomcat refused before any filter ever goes through), and
 * {@link io.certatlas.server.api.JsonErrorReportValve} sets them on what Tomcat answers without
 * any servlet (a request line it cannot read), and {@link io.certatlas.server.api.ServletlessAnswers}
 * on what Tomcat answers by itself ({@code OPTIONS *}). The policy allows script, style, images and
 * requests from this origin only, and nothing inline: the page's script and style are files, its
 * charts are SVG built through the DOM. Spring Security's header writers find these set and
 * leave them; what it still adds is the no-store caching of API answers that set none of their own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeaders extends OncePerRequestFilter {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /** Sets the headers on an answer; HSTS only over HTTPS, where a browser heeds it. */
    public static void applyTo(HttpServletRequest request, HttpServletResponse response) {
        applyTo(request.isSecure(), response::setHeader);
    }

    /** The same, for an answer Tomcat writes with no servlet response at all ({@code OPTIONS *}). */
    public static void applyTo(boolean secure, BiConsumer<String, String> header) {
        header.accept("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("Cross-Origin-Opener-Policy", "same-origin");
        header.accept("Cross-Origin-Resource-Policy", "same-origin");
        header.accept("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("X-Frame-Options", "DENY");
        header.accept("X-XSS-Protection", "0");
        if (secure) {
            header.accept("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        applyTo(request, response);
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
