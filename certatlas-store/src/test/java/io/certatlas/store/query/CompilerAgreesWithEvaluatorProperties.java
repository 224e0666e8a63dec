package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import io.certatlas.qql.StructuredFilter;
import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jooq.Condition;

/**
 * Random valid filters select exactly the same certificates from PostgreSQL (through the
 * compiler) as from the in-memory evaluator over the same generated inventory.
 */
class CompilerAgreesWithEvaluatorProperties {

    private static Database db;
    private static QueryFixture fixture;
    private static QueryEvaluator evaluator;
    private static int nonEmptyResults;

    @BeforeContainer
    static void load() {
        db = TestDatabase.fresh();
        fixture = QueryFixture.generate(20261123L, 70, 25, 60);
        fixture.insertInto(db);
        evaluator = new QueryEvaluator(fixture, QueryFixture.NOW);
    }

    @AfterContainer
    static void close() {
        // Random queries must not all be trivially empty, or agreement would prove nothing.
        assertThat(nonEmptyResults).as("queries with a non-empty result").isGreaterThan(50);
        db.close();
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.longs().map(seed -> new RandomQueries(seed).query());
    }

    @Provide
    Arbitrary<Map<String, Object>> structuredFilters() {
        return Arbitraries.longs().map(seed -> new RandomQueries(seed).structured());
    }

    @Property(tries = 400)
    void qqlSelectsTheSameCertificates(@ForAll("queries") String qql) {
        Query query = QqlParser.parse(qql);
        Set<Long> fromSql = run(CertificateFilter.of(query, QueryFixture.NOW).condition());
        Set<Long> expected = evaluator.certificates(query);
        assertThat(fromSql).as(qql).isEqualTo(expected);
        if (!expected.isEmpty() && expected.size() < fixture.certificates.size()) {
            nonEmptyResults++;
        }
    }

    @Property(tries = 150)
    void structuredFiltersSelectTheSameCertificates(@ForAll("structuredFilters") Map<String, Object> filter) {
        Query query;
        try {
            query = StructuredFilter.parse(filter);
        } catch (QqlException e) {
            throw new AssertionError("generated filter rejected: " + filter + ": " + e.getMessage(), e);
        }
        Set<Long> fromSql = run(CertificateFilter.of(query, QueryFixture.NOW).condition());
        assertThat(fromSql).as(filter.toString()).isEqualTo(evaluator.certificates(query));
    }

    private static Set<Long> run(Condition condition) {
        return new TreeSet<>(db.dsl().select(field(name(CertificateFilter.ALIAS, "id"), Long.class))
                .from(table(name("certificate")).as(CertificateFilter.ALIAS))
                .where(condition)
                .fetch(0, Long.class));
    }
}
