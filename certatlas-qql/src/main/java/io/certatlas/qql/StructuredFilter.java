package io.certatlas.qql;

import io.certatlas.qql.Criterion.AnyOf;
import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Criterion.Emptiness;
import io.certatlas.qql.Criterion.Operator;
import io.certatlas.qql.Criterion.TextMatch;
import io.certatlas.qql.Criterion.TextMode;
import io.certatlas.qql.ValueReader.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads v2's structured filter ({@code {"filters":[{"field":..,"value":..,"operator":..}],
 * "operation":"AND"}}) into the same {@link Query} as QQL. It takes the JSON already decoded
 * into plain maps and lists, so this module needs no JSON library.
 */
public final class StructuredFilter {

    private StructuredFilter() {
    }

    /** The query of a decoded filter object; {@code "filters": []} or an empty object is {@link Query.All}. */
    public static Query parse(Map<String, ?> filter) {
        StructuredFilterLimits.check(filter);
        return group(filter, "filter");
    }

    private static Query group(Map<String, ?> filter, String path) {
        Object filters = filter.get("filters");
        if (filters == null) {
            if (filter.containsKey("field")) {
                return condition(filter, path);
            }
            return new Query.All();
        }
        if (!(filters instanceof List<?> list)) {
            throw error(path + ".filters", "must be a list of conditions such as [{\"field\":\"keySize\",\"operator\":\"GREATER\",\"value\":2048}]");
        }
        boolean or = combinator(filter, path);
        List<Query> operands = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String itemPath = path + ".filters[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw error(itemPath, "must be an object with field, operator and value");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) item;
            Query operand = typed.containsKey("filters") ? group(typed, itemPath) : condition(typed, itemPath);
            if (!(operand instanceof Query.All)) {
                operands.add(operand);
            }
        }
        if (operands.isEmpty()) {
            return new Query.All();
        }
        if (operands.size() == 1) {
            return operands.get(0);
        }
        return or ? new Query.Or(operands) : new Query.And(operands);
    }

    private static boolean combinator(Map<String, ?> filter, String path) {
        Object written = filter.containsKey("operation") ? filter.get("operation") : filter.get("operator");
        if (written == null) {
            return false;
        }
        String name = written.toString().strip();
        if (name.equalsIgnoreCase("AND")) {
            return false;
        }
        if (name.equalsIgnoreCase("OR")) {
            return true;
        }
        throw error(path + ".operation", "'" + name + "' is not a combinator; use AND or OR");
    }

    private static Query condition(Map<String, ?> condition, String path) {
        Object field = condition.get("field");
        if (field == null || field.toString().isBlank()) {
            throw error(path + ".field", "is missing; name a field such as certificate.keySize");
        }
        QqlToken token = token(field.toString().strip(), path + ".field");
        Object operatorValue = condition.get("operator");
        String operator = operatorValue == null ? "EQUALS" : operatorValue.toString().strip().toUpperCase(Locale.ROOT);
        String valuePath = path + ".value";
        ValueReader.ErrorSite site = message -> error(valuePath, message);
        return switch (operator) {
            case "EQUALS", "EQUAL", "EQ" -> new Query.Match(token, equalsCriterion(token, single(condition, valuePath), site));
            case "NOT_EQUALS", "NOT_EQUAL", "NE" -> new Query.Not(new Query.Match(token, equalsCriterion(token, single(condition, valuePath), site)));
            case "CONTAINS" -> new Query.Match(token, contains(token, single(condition, valuePath), site, valuePath));
            case "IN" -> {
                List<Criterion> alternatives = new ArrayList<>();
                for (String item : many(condition, valuePath)) {
                    alternatives.add(equalsCriterion(token, item, site));
                }
                yield new Query.Match(token, alternatives.size() == 1 ? alternatives.get(0) : new AnyOf(alternatives));
            }
            case "GREATER", "GREATER_THAN", "GT" -> ordered(token, Operator.GT, condition, valuePath, site);
            case "LESSER", "LESS", "LESS_THAN", "LT" -> ordered(token, Operator.LT, condition, valuePath, site);
            case "GREATER_THAN_EQUAL", "GREATER_THAN_OR_EQUAL", "GREATER_EQUAL", "GTE" -> ordered(token, Operator.GE, condition, valuePath, site);
            case "LESS_THAN_EQUAL", "LESSER_THAN_EQUAL", "LESS_THAN_OR_EQUAL", "LESS_EQUAL", "LTE" -> ordered(token, Operator.LE, condition, valuePath, site);
            case "IS_EMPTY" -> new Query.Match(token, new Emptiness(true));
            case "IS_NOT_EMPTY" -> new Query.Match(token, new Emptiness(false));
            default -> throw error(path + ".operator", "'" + operator + "' is not an operator; use one of EQUALS, NOT_EQUALS, "
                    + "CONTAINS, IN, GREATER, LESSER, GREATER_THAN_EQUAL, LESS_THAN_EQUAL, IS_EMPTY, IS_NOT_EMPTY");
        };
    }

    private static Criterion equalsCriterion(QqlToken token, String value, ValueReader.ErrorSite site) {
        return ValueReader.match(token, value, Quoting.NONE, true, site);
    }

    private static Criterion contains(QqlToken token, String value, ValueReader.ErrorSite site, String path) {
        return switch (token.type()) {
            case TEXT, KEYWORD -> new TextMatch(TextMode.CONTAINS, value);
            // "sources CONTAINS SCAN" reads naturally for list-valued tokens: one element equals it.
            case ENUM -> new Comparison(Operator.EQ, ValueReader.value(token, value, site));
            case NUMBER, DATE, BOOLEAN, IP -> throw error(path, "CONTAINS works on text; " + token.tokenName()
                    + " is " + token.type().label() + ", use EQUALS or IN");
        };
    }

    private static Query ordered(QqlToken token, Operator operator, Map<String, ?> condition, String path, ValueReader.ErrorSite site) {
        ValueType type = token.type();
        if (type != ValueType.NUMBER && type != ValueType.DATE && type != ValueType.IP) {
            throw error(path, token.tokenName() + " is " + type.label() + " and has no order; use EQUALS, CONTAINS or IN");
        }
        return new Query.Match(token, new Comparison(operator, ValueReader.value(token, single(condition, path), site)));
    }

    private static String single(Map<String, ?> condition, String path) {
        Object value = condition.get("value");
        if (value == null) {
            throw error(path, "is missing; this operator needs a value");
        }
        if (value instanceof List<?> list) {
            if (list.size() != 1 || list.get(0) == null) {
                throw error(path, "must be one value for this operator; use IN for a list");
            }
            return list.get(0).toString();
        }
        if (value instanceof Map<?, ?>) {
            throw error(path, "must be a string, number or boolean, not an object");
        }
        return value.toString();
    }

    private static List<String> many(Map<String, ?> condition, String path) {
        Object value = condition.get("value");
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item != null) {
                    items.add(item.toString());
                }
            }
        } else if (value != null && !(value instanceof Map<?, ?>)) {
            // IN is often sent as one comma-separated string.
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
        }
        if (items.isEmpty()) {
            throw error(path, "must list at least one value for IN, e.g. [\"RSA\", \"EC\"]");
        }
        return items;
    }

    private static QqlToken token(String field, String path) {
        Optional<QqlToken> found = QqlToken.byName(field);
        for (Level level : Level.values()) {
            if (found.isPresent()) {
                break;
            }
            found = QqlToken.byName(level.prefix() + "." + field);
        }
        return found.orElseThrow(() -> {
            List<String> names = new ArrayList<>();
            for (QqlToken token : QqlToken.values()) {
                names.addAll(token.allNames());
            }
            return error(path, "'" + field + "' is not a known field" + QqlToken.suggestion(field, names));
        });
    }

    private static QqlException error(String path, String message) {
        return QqlException.inStructuredFilter(path + " " + message);
    }
}
