package io.certatlas.qql;

import java.util.List;
import java.util.Objects;

/** What a token's value must satisfy. */
public sealed interface Criterion {

    /** How a text value is compared. */
    enum TextMode {
        /** Whole value, ignoring case. */
        EQUALS_IGNORE_CASE,
        /** Substring, ignoring case. */
        CONTAINS,
        /** Whole value against a pattern where {@code *} is any run of characters, ignoring case. */
        WILDCARD,
        /** Whole value, case and all (backticks). */
        EXACT
    }

    enum Operator {
        EQ("="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    record TextMatch(TextMode mode, String text) implements Criterion {
        public TextMatch {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A typed value compared with an operator; dates compare as the span they name. */
    record Comparison(Operator operator, Value value) implements Criterion {
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Any of the alternatives ({@code [a, b]}). */
    record AnyOf(List<Criterion> alternatives) implements Criterion {
        public AnyOf {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** {@code [low .. high]} (inclusive ends) or {@code (low .. high)} (exclusive ends). */
    record Between(Value low, boolean lowInclusive, Value high, boolean highInclusive) implements Criterion {
        public Between {
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /** The value is empty ("" or no elements or no address) when {@code empty}, else not empty. */
    record Emptiness(boolean empty) implements Criterion {
    }
}
