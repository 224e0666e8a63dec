package io.certatlas.qql;

import java.util.stream.Collectors;

/** A compact, readable rendering of a query tree, so table tests can state the expected tree in one line. */
final class AstNotation {

    private AstNotation() {
    }

    static String of(Query query) {
        return switch (query) {
            case Query.All all -> "ALL";
            case Query.And and -> and.operands().stream().map(AstNotation::of).collect(Collectors.joining(" ", "(and ", ")"));
            case Query.Or or -> or.operands().stream().map(AstNotation::of).collect(Collectors.joining(" ", "(or ", ")"));
            case Query.Not not -> "(not " + of(not.operand()) + ")";
            case Query.Group group -> "(" + group.level().prefix() + " " + of(group.inner()) + ")";
            case Query.Match match -> "(" + match.token().tokenName() + " " + of(match.criterion()) + ")";
        };
    }

    static String of(Criterion criterion) {
        return switch (criterion) {
            case Criterion.TextMatch text -> text.mode().name().toLowerCase() + " \"" + text.text() + "\"";
            case Criterion.Comparison comparison -> comparison.operator().symbol() + " " + of(comparison.value());
            case Criterion.AnyOf any -> any.alternatives().stream().map(AstNotation::of).collect(Collectors.joining(", ", "any[", "]"));
            case Criterion.Between between -> "in " + (between.lowInclusive() ? "[" : "(") + of(between.low()) + " .. "
                    + of(between.high()) + (between.highInclusive() ? "]" : ")");
            case Criterion.Emptiness emptiness -> emptiness.empty() ? "empty" : "not-empty";
        };
    }

    static String of(Value value) {
        return switch (value) {
            case Value.NumberValue n -> Long.toString(n.number());
            case Value.BooleanValue b -> Boolean.toString(b.bool());
            case Value.EnumValue e -> "'" + e.canonical() + "'";
            case Value.IpValue ip -> ip.literal();
            case Value.Day day -> day.day().toString();
            case Value.Moment moment -> moment.instant().toString();
            case Value.RelativeToNow relative -> "now" + (relative.period().isZero() ? "" : relative.period().toString())
                    + (relative.duration().isZero() ? "" : relative.duration().toString());
        };
    }
}
