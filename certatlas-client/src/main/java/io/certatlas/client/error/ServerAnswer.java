package io.certatlas.client.error;

import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a server said when it refused a request: the status and its own message, with the field it
 * names when it names one. CertAtlas answers {@code {"message": ..., "field": ...}}; other servers
 * (a Qualys gateway, a proxy in front of either) may answer another JSON shape, text or HTML, which
 * is kept as it came, shortened to one line.
 */
public record ServerAnswer(int status, String message, Optional<String> field) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 300;

    /** Control and invisible format characters (ESC, NUL, bidi overrides): a message is shown, never obeyed. */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\p{Cf}]");

    public ServerAnswer {
        message = message == null || message.isBlank() ? "(no message)"
                : UNPRINTABLE.matcher(message).replaceAll(m -> String.format("\\\\u%04x", (int) m.group().charAt(0)));
        field = field == null ? Optional.empty() : field;
    }

    /** Reads the body of an error answer. */
    public static ServerAnswer of(int status, String body) {
        String text = body == null ? "" : body;
        try {
            JsonNode json = JSON.readTree(text);
            for (String key : new String[] {"message", "errorMessage", "responseMessage", "error_description", "error"}) {
                JsonNode value = json.path(key);
                if (value.isString() && !value.asString().isBlank()) {
                    JsonNode field = json.path("field");
                    return new ServerAnswer(status, value.asString(),
                            field.isString() ? Optional.of(field.asString()) : Optional.empty());
                }
            }
        } catch (JacksonException e) {
            // not JSON: shown as it came
        }
        return new ServerAnswer(status, oneLine(text), Optional.empty());
    }

    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }

    @Override
    public String toString() {
        return status + ": " + message + field.map(f -> " (field " + f + ")").orElse("");
    }
}
