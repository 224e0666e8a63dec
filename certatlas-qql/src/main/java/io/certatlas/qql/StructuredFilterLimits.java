package io.certatlas.qql;

import java.util.List;
import java.util.Map;

/**
 * The limits of QQL applied to a structured filter before it is read: no deeper nesting of
 * groups than {@link QqlParser#MAX_DEPTH}, no more written text (names and values together) than
 * {@link QqlParser#MAX_LENGTH} characters, and no NUL character, which PostgreSQL cannot hold.
 * Without them a structured filter could ask for what the same filter in QQL is refused.
 */
final class StructuredFilterLimits {

    private int characters;

    private StructuredFilterLimits() {
    }

    static void check(Map<String, ?> filter) {
        new StructuredFilterLimits().walk(filter, "filter", 0);
    }

    private void walk(Object node, String path, int depth) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("filters") && depth + 1 > QqlParser.MAX_DEPTH) {
                throw QqlException.inStructuredFilter(path + " nests groups deeper than " + QqlParser.MAX_DEPTH
                        + " levels, the limit of QQL too; flatten it");
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                count(key, path);
                walk(entry.getValue(), path + "." + key, key.equals("filters") ? depth + 1 : depth);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", depth);
            }
        } else if (node != null) {
            count(node.toString(), path);
        }
    }

    private void count(String text, String path) {
        if (text.indexOf('\0') >= 0) {
            throw QqlException.inStructuredFilter(path + " holds a NUL character (\\u0000); remove it");
        }
        characters += text.length() + 1;
        if (characters > QqlParser.MAX_LENGTH) {
            throw QqlException.inStructuredFilter("the filter's names and values amount to more than " + QqlParser.MAX_LENGTH
                    + " characters, the limit of QQL too (reached at " + path + "); split it into several requests");
        }
    }
}
