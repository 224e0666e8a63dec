package io.certatlas.store.query;

import io.certatlas.store.access.Scope;

import io.certatlas.qql.Level;
import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import io.certatlas.qql.StructuredFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * A certificate filter ready to run: a jOOQ condition over the {@code certificate} table aliased
 * {@value #ALIAS}, with every written value bound. Build it from QQL ({@link #compile}) or from
 * v2's structured filter ({@link #fromStructured}); add the caller's scope with {@link #and}.
 *
 * <pre>{@code
 * Condition where = CertificateFilter.compile(body.filter()).and(scope.certificateVisible("c")).condition();
 * db.select(...).from(table(name("certificate")).as("c")).where(where)...
 * }</pre>
 *
 * Bad input throws {@link QqlException} (message and 1-based column), nothing else.
 */
public final class CertificateFilter {

    /** The alias the condition expects for the {@code certificate} table. */
    public static final String ALIAS = "c";

    private static final QueryCompiler.Row ROW = new QueryCompiler.Row(Level.CERTIFICATE, ALIAS);

    /**
     * The longest time between two counts of one question that a count of what changed may
     * bridge; the rows between two bounds grow with it, and past some width counting all is cheaper.
     */
    static final Duration LONGEST_SHIFT = Duration.ofHours(1);

    private final Query query;
    private final Condition condition;
    private final Condition countCondition;
    private final Instant now;
    private final Scope scope;
    /** Conditions added by {@link #and}, which do not depend on now. */
    private final Condition added;
    /** How the count condition depends on now. */
    private final QueryCompiler.TimeDependence time;

    private CertificateFilter(Query query, Condition condition, Condition countCondition, Instant now, Scope scope,
                              Condition added, QueryCompiler.TimeDependence time) {
        this.query = query;
        this.condition = condition;
        this.countCondition = countCondition;
        this.now = now;
        this.scope = scope;
        this.added = added;
        this.time = time;
    }

    /** Compiles a QQL string, relative dates and expiry groups counted from now. Blank: no filter. */
    public static CertificateFilter compile(String qql) {
        return compile(qql, Instant.now());
    }

    /** Compiles a QQL string with relative dates and expiry groups counted from {@code now}. */
    public static CertificateFilter compile(String qql, Instant now) {
        return of(QqlParser.parse(Objects.requireNonNull(qql, "qql")), now);
    }

    /** Compiles v2's structured filter, decoded from JSON into maps and lists. Empty map: no filter. */
    public static CertificateFilter fromStructured(Map<String, ?> filter) {
        return fromStructured(filter, Instant.now());
    }

    public static CertificateFilter fromStructured(Map<String, ?> filter, Instant now) {
        return of(StructuredFilter.parse(Objects.requireNonNull(filter, "filter")), now);
    }

    /** Compiles a query tree already parsed. */
    public static CertificateFilter of(Query query, Instant now) {
        return of(query, now, Scope.everything());
    }

    /**
     * Compiles a query tree for a caller with this scope: conditions on assets, instances and
     * findings only look at visible assets. Whether the certificate itself is visible is the
     * reader's predicate ({@code scope.certificateVisible}), added once where the page is read.
     */
    public static CertificateFilter of(Query query, Instant now, Scope scope) {
        CountForm counted = CountForm.of(query, now, scope);
        return new CertificateFilter(query, new QueryCompiler(now, scope, QueryCompiler.Purpose.PAGE).compile(query, ROW),
                counted.condition(), now, scope, DSL.noCondition(), counted.time());
    }

    /** The count form of a query at one instant, and how it depends on that instant. */
    private record CountForm(Condition condition, QueryCompiler.TimeDependence time) {
        static CountForm of(Query query, Instant now, Scope scope) {
            QueryCompiler counting = new QueryCompiler(now, scope, QueryCompiler.Purpose.COUNT);
            Condition condition = counting.compile(query, ROW);
            return new CountForm(condition, counting.timeDependence());
        }
    }

    /** This filter's count form (with what {@link #and} added) asked at another instant. */
    private CountForm countFormAt(Instant other) {
        CountForm counted = CountForm.of(query, other, scope);
        return new CountForm(counted.condition().and(added), counted.time());
    }

    /** Compiles a QQL string for a caller with this scope (see {@link #of(Query, Instant, Scope)}). */
    public static CertificateFilter compile(String qql, Instant now, Scope scope) {
        return of(QqlParser.parse(Objects.requireNonNull(qql, "qql")), now, scope);
    }

    /** Compiles v2's structured filter for a caller with this scope. */
    public static CertificateFilter fromStructured(Map<String, ?> filter, Instant now, Scope scope) {
        return of(StructuredFilter.parse(Objects.requireNonNull(filter, "filter")), now, scope);
    }

    /**
     * This filter and another condition on alias {@value #ALIAS} that does not depend on now,
     * typically the caller's scope or v2's asset type.
     */
    public CertificateFilter and(Condition other) {
        return new CertificateFilter(query, condition.and(other), countCondition.and(other), now, scope,
                added.and(other), time);
    }

    /** Whether the certificates this filter selects can change with time alone (expiry groups, dates relative to now). */
    public boolean movesWithTime() {
        return time.opaque() || !time.bounds().isEmpty();
    }

    /** The instant relative dates and expiry groups were counted from. */
    public Instant now() {
        return now;
    }

    /** The same question asked at another instant, for the same scope. */
    public CertificateFilter at(Instant other) {
        return of(query, other, scope).and(added);
    }

    /** {@link #countCondition()} as it is at another instant: the question's form at a fixed instant names it whenever it is asked. */
    public Condition countConditionAt(Instant other) {
        return countFormAt(other).condition();
    }

    /**
     * How to count the change in this filter's count since it was asked at {@code earlier}, in
     * the same data: the count now is the count then, plus {@link CountChange#gained}, minus
     * {@link CountChange#lost}. Empty when no such count exists (now used inside an expression or
     * below the certificate), or when it would not be cheaper than counting all again.
     */
    public Optional<CountChange> changeSince(Instant earlier) {
        if (time.opaque() || time.bounds().isEmpty() || earlier.equals(now)
                || Duration.between(earlier, now).abs().compareTo(LONGEST_SHIFT) > 0) {
            return Optional.empty();
        }
        CountForm then = countFormAt(earlier);
        if (then.time().opaque() || then.time().bounds().size() != time.bounds().size()) {
            return Optional.empty();
        }
        // A row answers differently at the two instants only if some bound moved past its column.
        List<Condition> moved = new ArrayList<>();
        for (int i = 0; i < time.bounds().size(); i++) {
            QueryCompiler.TimeBound before = then.time().bounds().get(i);
            QueryCompiler.TimeBound after = time.bounds().get(i);
            Instant low = before.at().isBefore(after.at()) ? before.at() : after.at();
            Instant high = before.at().isBefore(after.at()) ? after.at() : before.at();
            if (!low.equals(high)) {
                moved.add(after.column().between(low, high));
            }
        }
        return Optional.of(new CountChange(moved.isEmpty() ? DSL.falseCondition() : DSL.or(moved),
                countCondition.and(DSL.condition("({0}) is not true", then.condition())),
                then.condition().and(DSL.condition("({0}) is not true", countCondition))));
    }

    /**
     * Conditions on alias {@value #ALIAS} for the change in a time-moving filter's count: the
     * rows that can have changed ({@code region}, between the moved bounds), and among them those
     * it selects now but did not at the earlier instant ({@code gained}) and those it selected
     * then but not now ({@code lost}).
     */
    public record CountChange(Condition region, Condition gained, Condition lost) {
    }

    /** The condition for reading pages. */
    public Condition condition() {
        return condition;
    }

    /** The same certificates as {@link #condition()}, in the form that counts them fastest. */
    public Condition countCondition() {
        return countCondition;
    }

    public Query query() {
        return query;
    }

    @Override
    public String toString() {
        return "CertificateFilter[" + query + "]";
    }
}
