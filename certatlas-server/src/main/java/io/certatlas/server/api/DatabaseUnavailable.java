package io.certatlas.server.api;

import io.certatlas.store.ConnectionFailure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is out of reach (restarting, failing over, a network cut) every request that
 * needs it is answered 503 with {@code Retry-After} and a JSON message, never a 500: the pool
 * reconnects by itself once the server is back, without a restart of CertAtlas. Controllers'
 * failures come here through {@link ApiErrorHandler}; this filter catches the ones raised before a
 * controller runs, such as the account lookup behind every bearer token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class DatabaseUnavailable extends OncePerRequestFilter {

    /** Seconds a client should wait: about what a PostgreSQL restart or a standby promotion takes. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String CODE = "DATABASE_UNAVAILABLE";
    static final String MESSAGE = "the inventory's database cannot be reached just now; try again in "
            + RETRY_AFTER_SECONDS + " s (CertAtlas reconnects by itself when the database is back)";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailable.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (!ConnectionFailure.causes(e) || response.isCommitted()) {
                throw e;
            }
            logFailure(request, e);
            response.reset();
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            ErrorBody.write(response, 503, CODE, MESSAGE);
        }
    }

    static void logFailure(HttpServletRequest request, Throwable e) {
        LOG.warn("request {} {}: the database cannot be reached ({}); answered 503", request.getMethod(),
                request.getRequestURI(), NestedExceptionUtils.getMostSpecificCause(e).toString());
    }
}
