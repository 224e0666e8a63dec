package io.certatlas.server.api;

import io.certatlas.qql.QqlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * An error the caller can fix: the status, a stable code, a message that says what is wrong and
 * what to do, and where known the request field (and the column in a filter).
 */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Optional<String> field;
    private final Map<String, Object> details;

    public ApiException(HttpStatus status, String code, String message, Optional<String> field, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = Map.copyOf(details);
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", message, Optional.of(field), Map.of());
    }

    /** A filter that cannot be run; the column of the fault is given for QQL, not for a structured filter. */
    public static ApiException badFilter(String field, QqlException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        e.column().ifPresent(column -> details.put("column", column));
        return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_FILTER", e.getMessage(), Optional.of(field), details);
    }

    public static ApiException badBody(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_REQUEST_BODY", message, Optional.empty(), Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", message, Optional.empty(), Map.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "CONFLICT", message, Optional.empty(), Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> field() {
        return field;
    }

    public Map<String, Object> details() {
        return details;
    }
}
