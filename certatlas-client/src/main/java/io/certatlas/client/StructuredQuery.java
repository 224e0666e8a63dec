package io.certatlas.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A v2 list ({@code /certview/v2/certificates}, {@code /certview/v2/instances}): v2's structured
 * filter ({@code {"filters":[{"field":..., "operator":"EQUALS", "value":...}], "operation":"AND"}},
 * empty for all), the {@code includes} asked for, and the page size.
 */
public record StructuredQuery(Optional<ObjectNode> filter, List<String> includes, int pageSize) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public StructuredQuery {
        Objects.requireNonNull(filter, "filter");
        includes = List.copyOf(includes);
        if (pageSize < 1 || pageSize > CertificateQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1.." + CertificateQuery.MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    public static StructuredQuery all() {
        return new StructuredQuery(Optional.empty(), List.of(), CertificateQuery.MAX_PAGE_SIZE);
    }

    /**
     * Reads a structured filter written as JSON.
     *
     * @throws IllegalArgumentException when it is not a JSON object with a {@code filters} array
     */
    public static ObjectNode parseFilter(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a v2 filter is JSON such as {\"filters\":[{\"field\":\"instance.port\","
                    + "\"operator\":\"EQUALS\",\"value\":\"443\"}],\"operation\":\"AND\"}; this is not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object) || !object.path("filters").isArray()) {
            throw new IllegalArgumentException("a v2 filter is a JSON object with a \"filters\" array, such as"
                    + " {\"filters\":[{\"field\":\"instance.port\",\"operator\":\"EQUALS\",\"value\":\"443\"}],\"operation\":\"AND\"}");
        }
        return object;
    }

    public StructuredQuery withFilter(ObjectNode value) {
        return new StructuredQuery(Optional.of(value), includes, pageSize);
    }

    public StructuredQuery withIncludes(List<String> values) {
        return new StructuredQuery(filter, values, pageSize);
    }

    public StructuredQuery withPageSize(int size) {
        return new StructuredQuery(filter, includes, size);
    }
}
