package io.certatlas.server.api;

import io.certatlas.server.web.SecurityHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page, in the API's JSON shape: requests that Tomcat refuses before any
 * servlet runs (a malformed or encoded-slash path, a bad header) would otherwise get its HTML.
 * Installed as the host's error report valve; what Spring answers passes through untouched.
 * Tomcat answers these without running any filter, so the security headers are set here.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    static final String HTTP_VERSION_NOT_SUPPORTED = "this server speaks HTTP/1.1 and HTTP/1.0 only; send the request in"
            + " one of them";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String message = switch (status) {
            case 400 -> "the request is malformed (" + reason(response, throwable) + "); check the method, the path and the"
                    + " headers: the request line and the headers may take at most 8 KiB each, and a path may not hold"
                    + " encoded slashes, backslashes or NUL, nor a '%' that is not followed by two hex digits";
            case 404 -> "no endpoint at this path; the API is documented in docs/api.md and at /api/openapi.json";
            case 413 -> "the request is too large";
            // Tomcat's answers to what the client sent, not failures of the server.
            case 417 -> "the Expect header asks for something this server does not do; send 'Expect: 100-continue' or none";
            case 501 -> "the request asks for something this server does not implement (a Transfer-Encoding other than"
                    + " chunked?); send the body plainly with Content-Length, or chunked";
            case 505 -> HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? "the server failed to answer this request; the cause is in the server log"
                    : Optional.ofNullable(response.getMessage()).orElse("the request was refused");
        };
        try {
            // No filter ran for this request, so none set the headers every other answer carries.
            SecurityHeaders.applyTo(request, response);
            ErrorBody.write(response, status, errorCode(status), message);
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
        if (reason.startsWith("The HTTP header line")) {
            return "a header line is not 'Name: value' with a name of letters, digits and - only";
        }
        if (reason.startsWith("The character [")) {
            // Tomcat's host name parser: a line that starts with a space or tab continues the one
            // before it (obsolete line folding), so a folded line after Host ends up in the host name.
            return "the Host header is not a valid host name or address; a header line may not start with a space"
                    + " or a tab (folded lines are not accepted: each header goes on a line of its own)";
        }
        // Tomcat quotes what it could not read in [...]: left out, as it may be anything the client sent.
        reason = reason.replaceAll("\\s*\\[[^\\]]*\\]", "").replaceAll("[:\\s]+$", "").strip();
        return reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
    }

    private static String errorCode(int status) {
        return switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "BAD_REQUEST";
            case HttpServletResponse.SC_NOT_FOUND -> "NOT_FOUND";
            case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case HttpServletResponse.SC_EXPECTATION_FAILED -> "EXPECTATION_FAILED";
            case HttpServletResponse.SC_NOT_IMPLEMENTED -> "NOT_IMPLEMENTED";
            case HttpServletResponse.SC_HTTP_VERSION_NOT_SUPPORTED -> "HTTP_VERSION_NOT_SUPPORTED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
    }
}
