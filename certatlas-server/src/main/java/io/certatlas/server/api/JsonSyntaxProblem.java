package io.certatlas.server.api;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * What is wrong with a JSON text, in words a client can act on: the parser's first sentence and
 * where it stopped, without the names of its own settings, classes and redacted sources that its
 * messages carry ("FAIL_ON_TRAILING_TOKENS", "StreamReadConstraints", "[Source: REDACTED ...]").
 */
public final class JsonSyntaxProblem {

    private JsonSyntaxProblem() {}

    public static String describe(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        message = cutAt(message, " (start marker at", " (bound as", ": not allowed as per", " [Source", "\n");
        message = message.replaceAll(", from `[^`]*`", "").replaceAll("\\s*\\([^()]*`[^()]*\\)", "")
                .replaceAll("`[^`]*`", "").replaceAll("\\s+", " ").strip();
        if (message.isEmpty()) {
            message = "unreadable";
        }
        TokenStreamLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0 && where.getColumnNr() > 0) {
            message += " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        }
        return message;
    }

    private static String cutAt(String text, String... markers) {
        int end = text.length();
        for (String marker : markers) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return text.substring(0, end);
    }
}
