package io.certatlas.store.query;

import io.certatlas.store.access.Scope;

import io.certatlas.qql.Level;
import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import io.certatlas.qql.StructuredFilter;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;

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

    private final Query query;
    private final Condition condition;
    private final Condition countCondition;

    private CertificateFilter(Query query, Condition condition, Condition countCondition) {
        this.query = query;
        this.condition = condition;
        this.countCondition = countCondition;
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
        QueryCompiler.Row row = new QueryCompiler.Row(Level.CERTIFICATE, ALIAS);
        return new CertificateFilter(query, new QueryCompiler(now, scope, QueryCompiler.Purpose.PAGE).compile(query, row),
                new QueryCompiler(now, scope, QueryCompiler.Purpose.COUNT).compile(query, row));
    }

    /** Compiles a QQL string for a caller with this scope (see {@link #of(Query, Instant, Scope)}). */
    public static CertificateFilter compile(String qql, Instant now, Scope scope) {
        return of(QqlParser.parse(Objects.requireNonNull(qql, "qql")), now, scope);
    }

    /** Compiles v2's structured filter for a caller with this scope. */
    public static CertificateFilter fromStructured(Map<String, ?> filter, Instant now, Scope scope) {
        return of(StructuredFilter.parse(Objects.requireNonNull(filter, "filter")), now, scope);
    }

    /** This filter and another condition on alias {@value #ALIAS}, typically the caller's scope. */
    public CertificateFilter and(Condition scope) {
        return new CertificateFilter(query, condition.and(scope), countCondition.and(scope));
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
