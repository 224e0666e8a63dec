package io.certatlas.store.query;

import io.certatlas.qql.Criterion.TextMatch;

/** The ILIKE pattern of a text match, with the user's own % _ and \ escaped (escape char \). */
final class TextPattern {

    private TextPattern() {
    }

    static String of(TextMatch match) {
        StringBuilder pattern = new StringBuilder();
        boolean contains = match.mode() == io.certatlas.qql.Criterion.TextMode.CONTAINS;
        boolean wildcard = match.mode() == io.certatlas.qql.Criterion.TextMode.WILDCARD;
        if (contains) {
            pattern.append('%');
        }
        for (char c : match.text().toCharArray()) {
            switch (c) {
                case '%', '_', '\\' -> pattern.append('\\').append(c);
                case '*' -> pattern.append(wildcard ? "%" : "*");
                default -> pattern.append(c);
            }
        }
        if (contains) {
            pattern.append('%');
        }
        return pattern.toString();
    }
}
