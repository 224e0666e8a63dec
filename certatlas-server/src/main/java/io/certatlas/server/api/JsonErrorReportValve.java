package io.certatlas.server.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error page, in the API's JSON shape: requests that Tomcat refuses before any
 * servlet runs (a malformed or encoded-slash path, a bad header) would otherwise get its HTML.
 * Installed as the host's error report valve; what Spring answers passes through untouched.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = switch (status) {
            case 400 -> "the request is malformed (" + reason(response, throwable) + "); check the method, the path and the"
                    + " headers: the request line and the headers may take at most 8 KiB each, and a path may not hold"
                    + " encoded slashes, backslashes or NUL";
            case 404 -> "no endpoint at this path; the API is documented in docs/api.md and at /api/openapi.json";
            case 413 -> "the request is too large";
            default -> status >= 500 ? "the server failed to answer this request; the cause is in the server log"
                    : Optional.ofNullable(response.getMessage()).orElse("the request was refused");
        };
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(JSON.writeValueAsBytes(ErrorBody.of(status, errorCode(status), message,
                    Optional.empty(), Map.of())));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the answer was already committed: nothing more can be said.
        }
    }

    /** Tomcat's own words for what it could not read, without the request's bytes it sometimes quotes. */
    private static String reason(Response response, Throwable throwable) {
        String reason = throwable != null && throwable.getMessage() != null ? throwable.getMessage() : response.getMessage();
        if (reason == null || reason.isBlank()) {
            return "the request line, the headers or the path could not be read";
        }
        int quoted = reason.indexOf(" [");
        reason = (quoted > 0 ? reason.substring(0, quoted) : reason).strip();
        return reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
    }

    private static String errorCode(int status) {
        return switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "BAD_REQUEST";
            case HttpServletResponse.SC_NOT_FOUND -> "NOT_FOUND";
            case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
    }
}
