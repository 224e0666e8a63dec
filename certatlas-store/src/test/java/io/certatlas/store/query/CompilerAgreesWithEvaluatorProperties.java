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
import io.certatlas.store.access.Scope;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.PropertyTry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random valid filters select exactly the same certificates from PostgreSQL (through the
 * compiler) as from the in-memory evaluator over the same generated inventory. Seeded random
 * property tests: each repetition is one try, whose filter {@link RandomQueries} builds from a
 * seed drawn from the try's random source (see {@link PropertyTry} for replaying a failure).
 */
class CompilerAgreesWithEvaluatorProperties {

    private static Database db;
    private static QueryFixture fixture;
    private static QueryEvaluator evaluator;
    private static int nonEmptyResults;

    @BeforeAll
    static void load() {
        db = TestDatabase.fresh();
        fixture = QueryFixture.generate(20261123L, 70, 25, 60);
        fixture.insertInto(db);
        evaluator = new QueryEvaluator(fixture, QueryFixture.NOW);
    }

    @AfterAll
    static void close() {
        try {
            // Random queries must not all be trivially empty, or agreement would prove nothing.
            assertThat(nonEmptyResults).as("queries with a non-empty result").isGreaterThan(50);
        } finally {
            db.close();
        }
    }

    @RepeatedTest(400)
    void qqlSelectsTheSameCertificates(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        String qql = new RandomQueries(attempt.random().nextLong()).query();
        attempt.check(qql, () -> {
            Query query = QqlParser.parse(qql);
            CertificateFilter compiled = CertificateFilter.of(query, QueryFixture.NOW);
            Set<Long> fromSql = run(compiled.condition());
            Set<Long> expected = evaluator.certificates(query);
            assertThat(fromSql).as(qql).isEqualTo(expected);
            // Totals are counted with the form made for counting: the same certificates, always.
            assertThat(run(compiled.countCondition())).as("counted: " + qql).isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < fixture.certificates.size()) {
                nonEmptyResults++;
            }
        });
    }

    @RepeatedTest(150)
    void structuredFiltersSelectTheSameCertificates(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        Map<String, Object> filter = new RandomQueries(attempt.random().nextLong()).structured();
        attempt.check(filter.toString(), () -> {
            Query query;
            try {
                query = StructuredFilter.parse(filter);
            } catch (QqlException e) {
                throw new AssertionError("generated filter rejected: " + filter + ": " + e.getMessage(), e);
            }
            CertificateFilter compiled = CertificateFilter.of(query, QueryFixture.NOW);
            assertThat(run(compiled.condition())).as(filter.toString()).isEqualTo(evaluator.certificates(query));
            assertThat(run(compiled.countCondition())).as("counted: " + filter).isEqualTo(evaluator.certificates(query));
        });
    }

    /**
     * A tag-scoped user's totals are counted with the count form, their pages read with the page
     * form: for any filter and any scope both select the same visible certificates.
     */
    @RepeatedTest(150)
    void scopedCountsSelectWhatScopedPagesSelect(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        var random = attempt.random();
        String qql = new RandomQueries(random.nextLong()).query();
        List<String> tags = QueryFixture.someTags(random, 3);
        attempt.check(qql + " within " + tags, () -> {
            Scope scope = QueryFixture.scopeOf(db, tags);
            CertificateFilter compiled = CertificateFilter.of(QqlParser.parse(qql), QueryFixture.NOW, scope)
                    .and(scope.certificateVisible(CertificateFilter.ALIAS));
            assertThat(run(compiled.countCondition())).as(qql + " within " + tags).isEqualTo(run(compiled.condition()));
        });
    }

    private static Set<Long> run(Condition condition) {
        return new TreeSet<>(db.dsl().select(field(name(CertificateFilter.ALIAS, "id"), Long.class))
                .from(table(name("certificate")).as(CertificateFilter.ALIAS))
                .where(condition)
                .fetch(0, Long.class));
    }
}
