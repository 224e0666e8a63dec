package io.certatlas.store.query;

import io.certatlas.qql.Level;
import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import io.certatlas.qql.StructuredFilter;
import io.certatlas.store.access.Scope;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;

/**
 * A filter for a list of host instances ({@code POST /certview/v2/instances}): a jOOQ condition
 * over the {@code host_instance} table aliased {@value #ALIAS}. Instance tokens apply to the
 * instance itself, asset tokens to the asset it belongs to, certificate tokens to the leaf it
 * serves now, vulnerability tokens to its active findings. Bad input throws {@link QqlException}.
 */
public final class InstanceFilter {

    /** The alias the condition expects for the {@code host_instance} table. */
    public static final String ALIAS = "hi";

    private final Condition condition;

    private InstanceFilter(Condition condition) {
        this.condition = condition;
    }

    /** Compiles v2's structured filter, decoded into maps and lists; an empty map: every instance. */
    public static InstanceFilter fromStructured(Map<String, ?> filter, Instant now, Scope scope) {
        return of(StructuredFilter.parse(Objects.requireNonNull(filter, "filter")), now, scope);
    }

    /** Compiles a QQL string; blank: every instance. */
    public static InstanceFilter compile(String qql, Instant now, Scope scope) {
        return of(QqlParser.parse(Objects.requireNonNull(qql, "qql")), now, scope);
    }

    static InstanceFilter of(Query query, Instant now, Scope scope) {
        Condition condition = new QueryCompiler(now, scope).compile(query, new QueryCompiler.Row(Level.INSTANCE, ALIAS));
        return new InstanceFilter(condition);
    }

    public Condition condition() {
        return condition;
    }
}
