package io.certatlas.qql;

import java.util.stream.Collectors;

/** The catalogue as a Markdown table, the one published in docs/query-language.md. */
public final class TokenTable {

    private TokenTable() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| token | object | type | values | also accepted as | meaning |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (QqlToken token : QqlToken.values()) {
            out.append("| `").append(token.tokenName()).append("` | ")
                    .append(token.level().prefix()).append(" | ")
                    .append(token.type().label()).append(token.multiValued() ? " (list)" : "").append(" | ")
                    .append(token.acceptedValues().stream().map(v -> v.isEmpty() ? "`\"\"`" : "`" + v + "`")
                            .collect(Collectors.joining(", ")))
                    .append(token.valueAliases().entrySet().stream()
                            .map(a -> "; `" + a.getKey() + "` = `" + a.getValue() + "`").collect(Collectors.joining()))
                    .append(" | ")
                    .append(token.aliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", "))).append(" | ")
                    .append(token.meaning().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
