package io.certatlas.server.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a request body the way real Certificate View clients send it: JSON with any content type
 * or none (a plain {@code curl -d} sends JSON as form-urlencoded), pretty-printed or not, and, for
 * the few clients that post real form fields, {@code filter=...&pageSize=...}. An empty body is
 * an empty object. At most 1 MiB. Multipart bodies ({@code curl -F}) are refused, not guessed at.
 */
public final class JsonRequest {

    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonRequest() {}

    /** A body of CertAtlas's own API: complete JSON (or a form), nothing guessed. */
    public static ObjectNode read(HttpServletRequest request) {
        return read(request, false);
    }

    /**
     * A body of a Certificate View request: as {@link #read}, but JSON cut short of its closing
     * brackets is read as if they were there, since one of Qualys' published samples sends
     * exactly that ({@code -d "{\"certificateDetails\":\"basic\"}") and scripts copied it.
     * These requests only read; a write never guesses at what its body meant.
     */
    public static ObjectNode readCertificateViewQuery(HttpServletRequest request) {
        return read(request, true);
    }

    private static ObjectNode read(HttpServletRequest request, boolean closeCutShortJson) {
        String body = rawBody(request);
        String trimmed = body.strip();
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (contentType.startsWith("multipart/") && !trimmed.startsWith("{")) {
            throw ApiException.badBody("multipart form bodies (curl -F) are not read; send the fields as a JSON object"
                    + " such as {\"filter\": \"type:Leaf\", \"pageSize\": 10} (curl -d)");
        }
        if (trimmed.isEmpty()) {
            return JSON.createObjectNode();
        }
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[") && looksLikeForm(trimmed)) {
            return fromForm(trimmed);
        }
        JsonNode node;
        try {
            node = closeCutShortJson ? parseClosingCutShort(trimmed) : JSON.readTree(trimmed);
        } catch (JacksonException e) {
            throw ApiException.badBody("the request body is not valid JSON (" + JsonSyntaxProblem.describe(e)
                    + "); send a JSON object such as {\"filter\": \"type:Leaf\", \"pageSize\": 10}");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badBody("the request body must be a JSON object such as {\"pageSize\": 10}, not "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return object;
    }

    /** Parses JSON, adding the closing brackets a body cut short lacks; anything else malformed is refused. */
    private static JsonNode parseClosingCutShort(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            String closers = missingClosers(text);
            if (closers.isEmpty()) {
                throw e;
            }
            try {
                return JSON.readTree(text + closers);
            } catch (JacksonException again) {
                throw e;
            }
        }
    }

    private static String missingClosers(String text) {
        StringBuilder open = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                open.append(c);
            } else if ((c == '}' || c == ']') && !open.isEmpty()) {
                open.deleteCharAt(open.length() - 1);
            }
        }
        if (inString) {
            return "";
        }
        StringBuilder closers = new StringBuilder();
        for (int i = open.length() - 1; i >= 0; i--) {
            closers.append(open.charAt(i) == '{' ? '}' : ']');
        }
        return closers.toString();
    }

    /**
     * The request body, read up to {@code limit} bytes and never further: a longer body (by its
     * declared length, or as it arrives) is refused with the exception {@code tooLarge} makes.
     */
    public static byte[] bodyBytes(HttpServletRequest request, int limit, Supplier<ApiException> tooLarge) {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge.get();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw ApiException.badBody("the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > limit) {
            throw tooLarge.get();
        }
        return bytes;
    }

    private static String rawBody(HttpServletRequest request) {
        byte[] bytes = bodyBytes(request, MAX_BODY_BYTES, JsonRequest::tooLarge);
        if (bytes.length > 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // The container may already have parsed a form-urlencoded body into parameters; a JSON
        // body sent that way comes back as one parameter whose name is the JSON text.
        Map<String, String[]> parameters = request.getParameterMap();
        if (parameters.size() == 1) {
            var entry = parameters.entrySet().iterator().next();
            String value = entry.getValue().length == 0 ? "" : entry.getValue()[0];
            if (entry.getKey().strip().startsWith("{")) {
                return value.isEmpty() ? entry.getKey() : entry.getKey() + "=" + value;
            }
        }
        StringBuilder form = new StringBuilder();
        Enumeration<String> names = request.getParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (request.getQueryString() != null && request.getQueryString().contains(name + "=")) {
                continue;
            }
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(encode(name)).append('=').append(encode(request.getParameter(name)));
        }
        return form.toString();
    }

    private static boolean looksLikeForm(String body) {
        return body.contains("=");
    }

    private static ObjectNode fromForm(String body) {
        ObjectNode object = JSON.createObjectNode();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badBody("the form body is not URL-encoded correctly (" + e.getMessage()
                        + "); send JSON such as {\"filter\": \"type:Leaf\"}, or URL-encode each form value");
            }
            if (!name.isEmpty()) {
                object.put(name, value);
            }
        }
        return object;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    private static ApiException tooLarge() {
        return new ApiException(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                "the request body is larger than 1 MiB; send a smaller filter", java.util.Optional.empty(), Map.of());
    }
}
