package io.certatlas.server.scanning;

import io.certatlas.server.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One field of a posted observation batch, with its path in the body ({@code endpoints[3].chain[1]}),
 * so that every refusal names the exact field and says what it accepts. A missing field is a
 * {@link MissingNode}; JSON {@code null} counts as missing.
 */
record PostedField(String path, JsonNode node) {

    static PostedField root(JsonNode body) {
        return new PostedField("", body);
    }

    PostedField get(String name) {
        return new PostedField(path.isEmpty() ? name : path + "." + name, node.isObject() ? node.path(name) : MissingNode.getInstance());
    }

    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    ApiException invalid(String message) {
        return ApiException.badField(path, "'" + path + "' " + message);
    }

    String text(int maxLength) {
        if (!present()) {
            throw invalid("is missing");
        }
        return optionalText(maxLength).orElseThrow();
    }

    Optional<String> optionalText(int maxLength) {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw invalid("must be a string, was " + kind());
        }
        String value = node.asString();
        if (value.length() > maxLength) {
            throw invalid("must be at most " + maxLength + " characters, was " + value.length());
        }
        return Optional.of(value);
    }

    long integer(long min, long max) {
        if (!present()) {
            throw invalid("is missing: give a whole number from " + min + " to " + max);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid("must be a whole number from " + min + " to " + max + ", was " + kind());
        }
        long value = node.asLong();
        if (value < min || value > max) {
            throw invalid("must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    boolean bool(boolean defaultValue) {
        if (!present()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw invalid("must be true or false, was " + kind());
        }
        return node.asBoolean();
    }

    /** The items of an array of {@code min..max} items. */
    List<PostedField> items(int min, int max) {
        if (!present()) {
            throw invalid("is missing: give a list of " + min + " to " + max + " items");
        }
        if (!node.isArray()) {
            throw invalid("must be a list, was " + kind());
        }
        if (node.size() < min || node.size() > max) {
            throw invalid("must hold " + min + " to " + max + " items, held " + node.size());
        }
        List<PostedField> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new PostedField(path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** The members of an object of at most {@code max} members, in their order; an absent object has none. */
    Map<String, PostedField> members(int max) {
        Map<String, PostedField> members = new LinkedHashMap<>();
        if (!present()) {
            return members;
        }
        if (!node.isObject()) {
            throw invalid("must be an object, was " + kind());
        }
        if (node.size() > max) {
            throw invalid("must hold at most " + max + " members, held " + node.size());
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            members.put(member.getKey(), new PostedField(path + "." + member.getKey(), member.getValue()));
        }
        return members;
    }

    private String kind() {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
