package io.certatlas.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One key of a list's sort: a field name the server knows ({@code validTo}, {@code updated}, ...) and a direction. */
public record SortKey(String field, boolean descending) {

    public SortKey {
        Objects.requireNonNull(field, "field");
        if (!field.matches("[A-Za-z][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("a sort field is a name such as validTo or subject.name, was '" + field + "'");
        }
    }

    /** Reads {@code "validTo:asc,updated:desc"} (direction optional, ascending by default). */
    public static List<SortKey> parse(String text) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] pair = part.strip().split(":", 2);
            String direction = pair.length == 2 ? pair[1].strip().toLowerCase(Locale.ROOT) : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw new IllegalArgumentException("the sort direction of '" + part.strip() + "' must be asc or desc,"
                        + " as in validTo:asc");
            }
            keys.add(new SortKey(pair[0].strip(), direction.equals("desc")));
        }
        return List.copyOf(keys);
    }

    /** The form the API takes: {@code [{"validTo":"asc"}]}, as a string (the form Qualys documents). */
    static String json(List<SortKey> keys) {
        StringBuilder json = new StringBuilder("[");
        for (SortKey key : keys) {
            json.append(json.length() > 1 ? "," : "").append("{\"").append(key.field()).append("\":\"")
                    .append(key.descending() ? "desc" : "asc").append("\"}");
        }
        return json.append(']').toString();
    }

    @Override
    public String toString() {
        return field + ":" + (descending ? "desc" : "asc");
    }
}
