package io.certatlas.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised before a controller runs (the container's own 404/405/413/500) in the same JSON shape. */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String message = switch (status) {
            case NOT_FOUND -> "no endpoint at " + uri + "; the API is documented in docs/api.md";
            case PAYLOAD_TOO_LARGE -> "the request body is too large; send at most 1 MiB";
            case METHOD_NOT_ALLOWED -> request.getMethod() + " is not allowed on " + uri + "; the methods it takes are in the"
                    + " Allow header";
            case BAD_REQUEST -> "the request is malformed; check the path (no encoded dots, slashes or backslashes),"
                    + " the headers and the encoding";
            default -> status.is5xxServerError()
                    ? "the server failed to answer this request; the cause is in the server log"
                    : status.getReasonPhrase();
        };
        return ApiErrorHandler.answer(status, status.name(), message, Optional.empty(), Map.of());
    }
}
