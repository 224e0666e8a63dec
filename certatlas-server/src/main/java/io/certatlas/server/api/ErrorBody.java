package io.certatlas.server.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON shape of every error answer: {@code status}, {@code errorCode}, {@code message},
 * and {@code field} / {@code column} where they apply. Some clients parse the body as JSON before
 * they look at the status, so even a 401 or 405 has one.
 */
public final class ErrorBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorBody() {}

    public static Map<String, Object> of(int status, String code, String message, Optional<String> field,
                                         Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("errorCode", code);
        body.put("message", message);
        field.ifPresent(f -> body.put("field", f));
        body.putAll(details);
        return body;
    }

    /**
     * Writes an error straight to a servlet response, for the places outside Spring MVC (security
     * filters, the firewall, Tomcat's error report). Some of them answer before Spring Security
     * sets its caching headers, so the error says itself that it is not to be stored.
     */
    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(bytes(status, code, message));
    }

    /** The body alone, for an answer written below the servlet API (an HTTP/0.9 request). */
    public static byte[] bytes(int status, String code, String message) {
        return JSON.writeValueAsBytes(of(status, code, message, Optional.empty(), Map.of()));
    }
}
