package io.certatlas.server.api;

import io.certatlas.store.ConnectionFailure;
import io.certatlas.store.Database;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is out of reach (restarting, failing over, a network cut) every request that
 * needs it is answered 503 with {@code Retry-After} and a JSON message, never a 500 (and one that
 * waited in vain for a busy pool is told so, not that the database is gone): the pool
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
    static final String BUSY_CODE = "DATABASE_BUSY";
    static final String BUSY_MESSAGE = "every connection to the inventory's database stayed busy with other requests for "
            + Database.CONNECTION_WAIT.toSeconds() + " s; try again in " + RETRY_AFTER_SECONDS
            + " s, or send fewer requests at once";

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
            ErrorBody.write(response, 503, code(e), message(e));
        }
    }

    /** The 503 for a failure that {@link ConnectionFailure#causes} names: a busy pool or a database out of reach. */
    static ResponseEntity<Map<String, Object>> answer(HttpServletRequest request, Throwable e) {
        logFailure(request, e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(503, code(e), message(e), Optional.empty(), Map.of()));
    }

    private static String code(Throwable e) {
        return ConnectionFailure.busy(e) ? BUSY_CODE : CODE;
    }

    private static String message(Throwable e) {
        return ConnectionFailure.busy(e) ? BUSY_MESSAGE : MESSAGE;
    }

    private static void logFailure(HttpServletRequest request, Throwable e) {
        if (ConnectionFailure.busy(e)) {
            LOG.warn("request {} {}: no connection to the database came free within {} s ({}); answered 503",
                    request.getMethod(), request.getRequestURI(), Database.CONNECTION_WAIT.toSeconds(),
                    NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            return;
        }
        LOG.warn("request {} {}: the database cannot be reached ({}); answered 503", request.getMethod(),
                request.getRequestURI(), NestedExceptionUtils.getMostSpecificCause(e).toString());
    }
}
