package io.certatlas.qql;

import java.util.List;
import java.util.Objects;

/**
 * A parsed filter. QQL strings and v2 structured filters both become this tree, which the store
 * compiles to SQL. Matches at a level below the certificate mean "some asset / instance /
 * vulnerability matches"; a {@link Group} asks that all its conditions hold for the same one.
 */
public sealed interface Query {

    /** No filter: every certificate. */
    record All() implements Query {
    }

    record And(List<Query> operands) implements Query {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Query> operands) implements Query {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Not(Query operand) implements Query {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** One token compared with the written value(s). */
    record Match(QqlToken token, Criterion criterion) implements Query {
        public Match {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(criterion, "criterion");
        }
    }

    /** {@code asset:(...)}: the inner conditions hold for one and the same object of {@code level}. */
    record Group(Level level, Query inner) implements Query {
        public Group {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(inner, "inner");
        }
    }
}
