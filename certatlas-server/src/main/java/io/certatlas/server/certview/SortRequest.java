package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code sort} in every form clients send: a JSON array {@code [{"updated":"desc"}]}, a
 * string holding that array, a single object, or the documents' own loose {@code {updated: desc}}.
 */
final class SortRequest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SortRequest() {}

    static List<Map<String, String>> keys(JsonNode sort) {
        if (sort == null || sort.isMissingNode() || sort.isNull()) {
            return List.of();
        }
        if (sort.isString()) {
            String text = sort.asString().strip();
            if (text.isEmpty()) {
                return List.of();
            }
            try {
                return keys(JSON.readTree(text));
            } catch (JacksonException e) {
                return loose(text);
            }
        }
        List<Map<String, String>> keys = new ArrayList<>();
        if (sort.isArray()) {
            for (JsonNode item : sort) {
                if (!item.isObject()) {
                    throw invalid(sort.toString());
                }
                keys.addAll(fromObject(item));
            }
            return keys;
        }
        if (sort.isObject()) {
            return fromObject(sort);
        }
        throw invalid(sort.toString());
    }

    private static List<Map<String, String>> fromObject(JsonNode object) {
        List<Map<String, String>> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isValueNode()) {
                throw invalid(object.toString());
            }
            keys.add(key(entry.getKey(), entry.getValue().asString(), object.toString()));
        }
        return keys;
    }

    /** {@code {updated: desc}} or {@code updated:desc, validTo:asc}: names and directions without quotes. */
    private static List<Map<String, String>> loose(String text) {
        String inner = text.replaceAll("[\\[\\]{}\"']", " ").strip();
        List<Map<String, String>> keys = new ArrayList<>();
        for (String part : inner.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] pair = part.split(":");
            if (pair.length != 2 || pair[0].isBlank()) {
                throw invalid(text);
            }
            keys.add(key(pair[0].strip(), pair[1].strip(), text));
        }
        if (keys.isEmpty()) {
            // "[{" is a cut-off sort, not a request for the default order
            throw invalid(text);
        }
        return keys;
    }

    /** One field and its direction; the direction is checked here so the message can quote the whole sort. */
    private static Map<String, String> key(String field, String direction, String whole) {
        String normalized = switch (direction.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "desc", "descending" -> "desc";
            case "asc", "ascending" -> "asc";
            default -> throw ApiException.badField("sort", "the sort direction in " + whole
                    + " must be 'asc' or 'desc', was '" + direction + "'");
        };
        Map<String, String> key = new LinkedHashMap<>();
        key.put(field, normalized);
        return key;
    }

    private static ApiException invalid(String given) {
        return ApiException.badField("sort", "'sort' must look like [{\"updated\":\"desc\"}] (field and asc|desc), was " + given);
    }
}
