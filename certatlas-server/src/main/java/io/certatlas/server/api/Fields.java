package io.certatlas.server.api;

import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the typed fields of a request object leniently where real clients differ (numbers sent
 * as strings, enum values in any case) and strictly where a wrong value would silently change
 * the answer: each error names the field and what it accepts.
 */
public final class Fields {

    private Fields() {}

    public static int integer(ObjectNode body, String field, int defaultValue, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
            return defaultValue;
        }
        long value;
        if (node.isIntegralNumber() && !node.canConvertToLong()) {
            // Beyond 64 bits: far outside any range asked for, and asLong() would fail.
            throw ApiException.badField(field, "'" + field + "' must be from " + min + " to " + max + ", was " + node);
        } else if (node.isIntegralNumber()) {
            value = node.asLong();
        } else if (node.isString() && node.asString().strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(node.asString().strip());
        } else {
            throw ApiException.badField(field, "'" + field + "' must be a whole number from " + min + " to " + max
                    + ", was " + node);
        }
        if (value < min || value > max) {
            throw ApiException.badField(field, "'" + field + "' must be from " + min + " to " + max + ", was " + value);
        }
        return (int) value;
    }

    /**
     * true or false, also written as a string in any case, as some clients send them; anything
     * else ("no", "off", 1) is refused, since reading it as either would guess the caller's intent.
     */
    public static boolean bool(ObjectNode body, String field, boolean defaultValue) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isString() && (node.asString().strip().equalsIgnoreCase("true") || node.asString().strip().equalsIgnoreCase("false"))) {
            return node.asString().strip().equalsIgnoreCase("true");
        }
        throw ApiException.badField(field, "'" + field + "' must be true or false, was " + node);
    }

    public static Optional<String> text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw ApiException.badField(field, "'" + field + "' must be a string, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(withoutNul(field, node.asString()));
    }

    /**
     * Refuses text holding a NUL character: PostgreSQL cannot store one, and no name, tag,
     * pattern or filter of the inventory needs one.
     */
    public static String withoutNul(String field, String text) {
        if (text.indexOf('\0') >= 0) {
            throw ApiException.badField(field, "'" + field + "' holds a NUL character (\\u0000), which no value here may"
                    + " contain; remove it");
        }
        return text;
    }

    /** A value from a fixed set, matched without regard to case; answers the set's own spelling. */
    public static String choice(ObjectNode body, String field, String defaultValue, String... allowed) {
        Optional<String> given = text(body, field).map(String::strip).filter(s -> !s.isEmpty());
        if (given.isEmpty()) {
            return defaultValue;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(given.get())) {
                return candidate;
            }
        }
        throw ApiException.badField(field, "'" + field + "' must be one of " + String.join(", ", allowed)
                + ", was '" + given.get() + "'");
    }
}
