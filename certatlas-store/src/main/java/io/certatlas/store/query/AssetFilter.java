package io.certatlas.store.query;

import io.certatlas.qql.Level;
import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import java.time.Instant;
import java.util.Objects;
import org.jooq.Condition;

/**
 * A filter for the assets of one certificate ({@code POST /certview/v1/certificates/{certhash}/assets}):
 * a jOOQ condition over the {@code asset} table aliased {@value #ALIAS}. Only the grouped form is
 * accepted ({@code asset:(name:server1 and tags.name:Prod)}); the dotted form gets a
 * {@link QqlException} that shows the grouped spelling.
 */
public final class AssetFilter {

    /** The alias the condition expects for the {@code asset} table. */
    public static final String ALIAS = "a";

    private final Query query;
    private final Condition condition;

    private AssetFilter(Query query, Condition condition) {
        this.query = query;
        this.condition = condition;
    }

    /** Compiles an asset filter; blank: every asset. */
    public static AssetFilter compile(String qql) {
        Query query = QqlParser.parseAssetFilter(Objects.requireNonNull(qql, "qql"));
        QueryCompiler compiler = new QueryCompiler(Instant.now());
        return new AssetFilter(query, onAsset(compiler, query));
    }

    /** The groups were checked by the parser: each asset:(...) applies to the asset row itself. */
    private static Condition onAsset(QueryCompiler compiler, Query query) {
        QueryCompiler.Row asset = new QueryCompiler.Row(Level.ASSET, ALIAS);
        return switch (query) {
            case Query.All all -> compiler.compile(all, asset);
            case Query.Group group -> compiler.compile(group.inner(), asset);
            case Query.And and -> org.jooq.impl.DSL.and(and.operands().stream().map(q -> onAsset(compiler, q)).toList());
            case Query.Or or -> org.jooq.impl.DSL.or(or.operands().stream().map(q -> onAsset(compiler, q)).toList());
            case Query.Not not -> org.jooq.impl.DSL.not(onAsset(compiler, not.operand()));
            case Query.Match match -> throw new IllegalStateException("the asset filter parser admits no bare " + match.token());
        };
    }

    /** This filter and another condition on alias {@value #ALIAS}, typically the caller's scope. */
    public AssetFilter and(Condition scope) {
        return new AssetFilter(query, condition.and(scope));
    }

    public Condition condition() {
        return condition;
    }

    public Query query() {
        return query;
    }
}
