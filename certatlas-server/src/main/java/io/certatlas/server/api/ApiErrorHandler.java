package io.certatlas.server.api;

import io.certatlas.store.access.AccessException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.certatlas.store.ConnectionFailure;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/** Turns every exception of a request into the one JSON error shape; internals never leak. */
@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, Object>> api(ApiException e) {
        return answer(e.status(), e.code(), e.getMessage(), e.field(), e.details());
    }

    @ExceptionHandler(AccessException.class)
    public ResponseEntity<Map<String, Object>> access(AccessException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        return answer(status, e.kind().name(), e.getMessage(), Optional.empty(), Map.of());
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    public ResponseEntity<Map<String, Object>> notFound(HttpServletRequest request) {
        return answer(HttpStatus.NOT_FOUND, "NOT_FOUND", "no endpoint at " + request.getRequestURI()
                + "; the API is documented in docs/api.md and at /api/openapi.json", Optional.empty(), Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().toString();
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", request.getMethod() + " is not allowed on "
                + request.getRequestURI() + "; use " + allowed.replaceAll("[\\[\\]]", ""), Optional.empty(), Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_REQUEST_BODY", "send the body as JSON", Optional.empty(), Map.of());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        // First: a connection to PostgreSQL that broke ends in the same EOFException or "connection
        // reset" as a client that went away, and must not be mistaken for one (an empty 200).
        if (ConnectionFailure.causes(e)) {
            return DatabaseUnavailable.answer(request, e);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // The client went away mid-answer (closed the tab, a timeout, Ctrl-C): nobody to answer, nothing wrong here.
            LOG.debug("request {} {}: the client disconnected before the answer was written ({})", request.getMethod(),
                    request.getRequestURI(), e.toString());
            return null;
        }
        if (unstorableText(e)) {
            // The fields are checked where they are read; this is the net for one that was missed.
            LOG.warn("request {} {} carried text PostgreSQL cannot hold; a field check is missing", request.getMethod(),
                    request.getRequestURI());
            return answer(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", "a value in this request holds a NUL character"
                    + " (\\u0000) or other text that cannot be stored; remove it", Optional.empty(), Map.of());
        }
        LOG.error("request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the server failed to answer this request; the cause is in the server log", Optional.empty(), Map.of());
    }

    /** PostgreSQL's "character not in repertoire" (a NUL in text) or "untranslatable character". */
    private static boolean unstorableText(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String code, String message,
                                                      Optional<String> field, Map<String, Object> details) {
        return ResponseEntity.status(status).body(ErrorBody.of(status.value(), code, message, field, details));
    }
}
