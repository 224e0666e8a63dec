package io.certatlas.client.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Lenient reads of the API's JSON values: a missing or null field reads as empty, never as null. */
final class Json {

    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : "";
    }

    static long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isString()) {
            try {
                return Long.parseLong(value.asString().strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.asBoolean() : value.isString() && value.asString().equalsIgnoreCase("true");
    }

    static List<String> texts(JsonNode node, String field) {
        JsonNode value = node.path(field);
        List<String> result = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> {
                if (item.isValueNode() && !item.isNull()) {
                    result.add(item.asString());
                }
            });
        } else if (value.isString() && !value.asString().isEmpty()) {
            result.add(value.asString());
        }
        return List.copyOf(result);
    }

    /**
     * A time given as epoch milliseconds ({@code epochField}) or, failing that, as the ISO-8601
     * string v2 adds ({@code isoField}, may be empty).
     */
    static Optional<Instant> instant(JsonNode node, String epochField, String isoField) {
        JsonNode epoch = node.path(epochField);
        if (epoch.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(epoch.asLong()));
        }
        String iso = isoField.isEmpty() ? (epoch.isString() ? epoch.asString() : "") : text(node, isoField);
        if (iso.isBlank() && epoch.isString()) {
            iso = epoch.asString();
        }
        if (iso.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(iso.strip().replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(iso.strip())));
            } catch (NumberFormatException notEpoch) {
                return Optional.empty();
            }
        }
    }
}
