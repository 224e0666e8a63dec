package io.certatlas.server.api;

import io.certatlas.store.access.AccessException;
import jakarta.servlet.http.HttpServletRequest;
import io.certatlas.server.ServerSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.certatlas.store.ConnectionFailure;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
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

    private final Duration queryTimeout;

    public ApiErrorHandler(ServerSettings settings) {
        this.queryTimeout = settings.queryTimeout();
    }

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
        return answer(status, e.kind().name(), e.getMessage(), e.field(), Map.of());
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    public ResponseEntity<Map<String, Object>> notFound(HttpServletRequest request) {
        return answer(HttpStatus.NOT_FOUND, "NOT_FOUND", "no endpoint at " + request.getRequestURI()
                + "; the API is documented in docs/api.md and at /api/openapi.json", Optional.empty(), Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        HttpMethod[] allowed = (e.getSupportedHttpMethods() == null ? Set.<HttpMethod>of() : e.getSupportedHttpMethods()).stream()
                .sorted(Comparator.comparing(HttpMethod::name)).toArray(HttpMethod[]::new);
        String names = Arrays.stream(allowed).map(HttpMethod::name).collect(Collectors.joining(", "));
        ResponseEntity<Map<String, Object>> answer = answer(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                request.getMethod() + " is not allowed on " + request.getRequestURI() + "; use " + names, Optional.empty(),
                Map.of());
        // RFC 9110: a 405 lists in Allow the methods the path does take.
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).allow(allowed)
                .body(answer.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.BAD_REQUEST, "INVALID_REQUEST_BODY", "send the body as JSON", Optional.empty(), Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Map<String, Object>> notAcceptable(HttpServletRequest request) {
        return answer(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "the API answers in JSON only, and the request's Accept"
                + " header (" + request.getHeader("Accept") + ") does not allow it; send Accept: application/json, or no"
                + " Accept header", Optional.empty(), Map.of());
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
        if (hasSqlState(e, "57014")) {
            // Stopped by the statement time limit (or by an administrator). The statement itself
            // stays out of the log: a filter can make it hundreds of kilobytes long.
            LOG.warn("request {} {}: a database statement was stopped after running for up to {} s", request.getMethod(),
                    request.getRequestURI(), queryTimeout.toSeconds());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "QUERY_TIMEOUT", "answering this request took the database"
                    + " longer than " + queryTimeout.toSeconds() + " s, so it was stopped; narrow the filter (fewer"
                    + " conditions on assets, instances or tags, or a condition such as a tag, an issuer or an expiry"
                    + " date that few certificates meet), or ask again when the server is less busy", Optional.empty(),
                    Map.of());
        }
        if (hasSqlState(e, "22021") || hasSqlState(e, "22P05")) {
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

    /**
     * Whether PostgreSQL's error anywhere in the chain has this SQLSTATE: 57014 "query canceled";
     * 22021 "character not in repertoire" (a NUL in text) and 22P05 "untranslatable character".
     */
    private static boolean hasSqlState(Throwable e, String state) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String code, String message,
                                                      Optional<String> field, Map<String, Object> details) {
        // The content type is set here, so that no Accept header (text/html, application/xml) can
        // turn an error into an empty 406: the client learns what went wrong whatever it asked for.
        // No-store, as ErrorBody.write says it: an error answered through the error page (a request Tomcat refused)
        // never passed Spring Security's caching headers.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(ErrorBody.of(status.value(), code, message, field, details));
    }
}
