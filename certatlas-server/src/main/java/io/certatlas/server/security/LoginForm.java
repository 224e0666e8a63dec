package io.certatlas.server.security;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.JsonRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * The form of {@code POST /auth}, read from the body only (UTF-8,
 * {@code application/x-www-form-urlencoded}), at most {@link #MAX_BYTES}. Credentials in the
 * query string are refused rather than used: URLs are written to access logs, proxies and
 * shell histories.
 */
record LoginForm(String username, String password) {

    static final int MAX_BYTES = 64 * 1024;

    static LoginForm read(HttpServletRequest request) {
        Map<String, String> query = parse(Optional.ofNullable(request.getQueryString()).orElse(""), false);
        for (String field : new String[] {"password", "username"}) {
            if (query.containsKey(field)) {
                throw ApiException.badField(field, "send 'username' and 'password' in the request body as a form"
                        + " (application/x-www-form-urlencoded, e.g. curl -d 'username=...' -d 'password=...'),"
                        + " never in the URL, which lands in logs");
            }
        }
        byte[] body = JsonRequest.bodyBytes(request, MAX_BYTES, () -> new ApiException(HttpStatus.PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE", "the login form is larger than " + (MAX_BYTES / 1024) + " KiB; send only"
                + " 'username' and 'password'", Optional.empty(), Map.of()));
        Map<String, String> form = parse(new String(body, StandardCharsets.UTF_8), true);
        String username = form.get("username");
        String password = form.get("password");
        if (username == null || password == null) {
            String missing = username == null ? "username" : "password";
            throw ApiException.badField(missing, "send the form fields 'username' and 'password'"
                    + " (application/x-www-form-urlencoded); '" + missing + "' is missing");
        }
        return new LoginForm(username, password);
    }

    /**
     * Each field's value; a field given twice is refused (which of the two would be meant is a guess),
     * and a malformed %-escape is the client's error, named as such.
     */
    private static Map<String, String> parse(String form, boolean refuseRepeats) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (fields.putIfAbsent(name, value) != null && refuseRepeats && (name.equals("username") || name.equals("password"))) {
                    throw ApiException.badField(name, "'" + name + "' is given more than once; send each of 'username'"
                            + " and 'password' exactly once");
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.badBody("the login form is not URL-encoded correctly (" + e.getMessage()
                        + "); send username=...&password=... with each value URL-encoded");
            }
        }
        return fields;
    }
}
