package io.certatlas.store.query;

import io.certatlas.qql.Criterion;
import io.certatlas.qql.Criterion.AnyOf;
import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Level;
import io.certatlas.qql.QqlToken;
import io.certatlas.qql.Query;
import io.certatlas.qql.Value;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grades one of which an instance must have to meet a condition on instances, when the
 * condition says so: {@code grade:F} needs F, {@code port:443 and grade:(T, M)} needs T or M, and
 * {@code grade:F or port:443} needs none. A certificate none of whose instances has such a grade
 * (migration V27 keeps them on its row) cannot be served by one that meets the condition.
 */
final class GradesRequired {

    private GradesRequired() {
    }

    /** The grades {@code instanceCondition} (on one instance) requires one of; empty when it requires none. */
    static Optional<Set<String>> of(Query instanceCondition) {
        return switch (instanceCondition) {
            case Query.Match m when m.token() == QqlToken.INSTANCE_GRADE -> named(m.criterion());
            case Query.Group g when g.level() == Level.INSTANCE -> of(g.inner());
            // Any conjunct's requirement holds for the whole; the narrowest tells most.
            case Query.And and -> and.operands().stream().map(GradesRequired::of).flatMap(Optional::stream)
                    .min(Comparator.comparingInt(Set::size));
            case Query.Or or -> union(or.operands().stream().map(GradesRequired::of).toList());
            default -> Optional.empty();
        };
    }

    /** The grades a criterion on the grade names, when it only names grades. */
    private static Optional<Set<String>> named(Criterion criterion) {
        return switch (criterion) {
            case Comparison c when c.operator() == Criterion.Operator.EQ && c.value() instanceof Value.EnumValue e
                    && !e.canonical().isEmpty() -> Optional.of(Set.of(e.canonical()));
            case AnyOf any -> union(any.alternatives().stream().map(GradesRequired::named).toList());
            default -> Optional.empty();
        };
    }

    /** All alternatives' grades, when each alternative requires some. */
    private static Optional<Set<String>> union(List<Optional<Set<String>>> alternatives) {
        if (alternatives.isEmpty() || alternatives.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        Set<String> all = new TreeSet<>();
        alternatives.forEach(grades -> all.addAll(grades.orElseThrow()));
        return Optional.of(all);
    }
}
