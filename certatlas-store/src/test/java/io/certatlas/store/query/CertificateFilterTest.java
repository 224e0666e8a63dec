package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlParser;
import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.SortField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public filter API against real PostgreSQL: scope hook, asset filter, sort, limits and fuzzing. */
class CertificateFilterTest {

    private static Database db;
    private static QueryFixture fixture;
    private static QueryEvaluator evaluator;

    @BeforeAll
    static void load() {
        db = TestDatabase.fresh();
        fixture = QueryFixture.generate(7L, 70, 25, 60);
        fixture.insertInto(db);
        evaluator = new QueryEvaluator(fixture, QueryFixture.NOW);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Set<Long> certificates(Condition condition) {
        return new TreeSet<>(db.dsl().select(field(name("c", "id"), Long.class))
                .from(table(name("certificate")).as("c")).where(condition).fetch(0, Long.class));
    }

    @Test
    void theScopePredicateNarrowsTheResult() {
        CertificateFilter leaves = CertificateFilter.compile("type:Leaf", QueryFixture.NOW);
        Set<Long> all = certificates(leaves.condition());
        Set<Long> scoped = certificates(leaves.and(condition("c.id <= ?", 20)).condition());
        assertThat(all).isNotEmpty();
        assertThat(scoped).isNotEmpty().isSubsetOf(all).allMatch(id -> id <= 20);
    }

    /**
     * A hostile peer may present a subject name of many kilobytes. The index of name endings (V26)
     * holds only the last 256 characters, so such a certificate is stored (a whole-name entry does
     * not fit a B-tree page), and it is found by an ending the index holds and by a longer one.
     */
    @Test
    void aSubjectNameOfManyKilobytesIsStoredAndFoundByItsEnding() {
        try (Database own = TestDatabase.fresh()) {
            QueryFixture.generate(11L, 30, 10, 20).insertInto(own);
            long id = own.dsl().fetchOne("select min(id) from certificate where type <> 'Leaf'").get(0, Long.class);
            Random random = new Random(11);
            StringBuilder name = new StringBuilder();
            while (name.length() < 9_000) {
                name.append(Long.toHexString(random.nextLong()));
            }
            name.append(".huge.example");
            own.dsl().execute("update certificate set subject_name = ? where id = ?", name.toString(), id);
            for (String ending : List.of("*.HUGE.example", "*" + name.substring(name.length() - 300))) {
                CertificateFilter filter = CertificateFilter.compile("subject.name:" + ending, QueryFixture.NOW);
                assertThat(own.dsl().select(field(name("c", "id"), Long.class)).from(table(name("certificate")).as("c"))
                        .where(filter.condition()).fetch(0, Long.class)).as(ending).containsExactly(id);
            }
        }
    }

    @Test
    void groupedFormNeedsOneAssetDottedFormAny() {
        // Certificates where one asset is named server1 and another runs Windows differ between the forms.
        Set<Long> dotted = certificates(CertificateFilter.compile("asset.name:`server1` and asset.operatingSystem:Windows*", QueryFixture.NOW).condition());
        Set<Long> grouped = certificates(CertificateFilter.compile("asset:(name:`server1` and operatingSystem:Windows*)", QueryFixture.NOW).condition());
        assertThat(grouped).isSubsetOf(dotted);
        assertThat(dotted).isEqualTo(evaluator.certificates(QqlParser.parse("asset.name:`server1` and asset.operatingSystem:Windows*")));
        assertThat(grouped).isEqualTo(evaluator.certificates(QqlParser.parse("asset:(name:`server1` and operatingSystem:Windows*)")));
    }

    @Test
    void blankAndEmptyStructuredFiltersSelectEverything() {
        assertThat(certificates(CertificateFilter.compile("   ").condition())).hasSize(70);
        assertThat(certificates(CertificateFilter.fromStructured(Map.of("filters", List.of())).condition())).hasSize(70);
        assertThat(certificates(CertificateFilter.fromStructured(Map.of()).condition())).hasSize(70);
    }

    @Test
    void assetFilterTakesTheGroupedForm() {
        AssetFilter filter = AssetFilter.compile("asset:(name:server* and not tags.name:Legacy) or asset:(operatingSystem:Ubuntu)");
        Set<Long> ids = new TreeSet<>(db.dsl().select(field(name("a", "id"), Long.class))
                .from(table(name("asset")).as("a")).where(filter.condition()).fetch(0, Long.class));
        assertThat(ids).isNotEmpty().isEqualTo(evaluator.assets(filter.query()));
    }

    @Test
    void assetFilterRejectsTheDottedFormShowingTheGroupedOne() {
        assertThatThrownBy(() -> AssetFilter.compile("asset.name:server1"))
                .isInstanceOf(QqlException.class)
                .hasMessage("the assets of a certificate are filtered with the grouped form: write asset:(name:server1) "
                        + "instead of asset.name:server1 at column 1");
        assertThatThrownBy(() -> AssetFilter.compile("keySize>2048"))
                .hasMessageStartingWith("keySize cannot filter the assets of a certificate");
        assertThatThrownBy(() -> AssetFilter.compile("instance:(port:443)"))
                .hasMessageStartingWith("instance:(...) cannot filter the assets of a certificate");
    }

    @Test
    void sortEndsWithTheIdAndRejectsUnknownFields() {
        List<SortField<?>> fields = SortSpec.certificates(List.of(Map.of("validTo", "ASC"))).fields();
        assertThat(fields).hasSize(2);
        assertThat(fields.get(1).getName()).isEqualTo("id");
        assertThat(SortSpec.certificates(List.of()).fields()).extracting(SortField::getName).containsExactly("updated", "id");
        List<Long> page = db.dsl().select(field(name("c", "id"), Long.class)).from(table(name("certificate")).as("c"))
                .orderBy(SortSpec.certificates(List.of(Map.of("instanceCount", "desc"), Map.of("keySize", "asc"))).fields())
                .limit(10).fetch(0, Long.class);
        assertThat(page).hasSize(10);
        assertThatThrownBy(() -> SortSpec.certificates(List.of(Map.of("colour", "asc"))))
                .isInstanceOf(QqlException.class).hasMessageStartingWith("sort[0] 'colour' is not a certificate sort field");
        assertThatThrownBy(() -> SortSpec.assets(List.of(Map.of("name", "up"))))
                .hasMessage("sort[0] direction 'up' of name must be asc or desc");
    }

    @Test
    void theDeepestAcceptedNestingRunsAndOneMoreIsRefused() {
        int depth = QqlParser.MAX_DEPTH;
        String deepest = "not ".repeat(depth / 2) + "(".repeat(depth / 2) + "keySize>1024" + ")".repeat(depth / 2);
        assertThat(certificates(CertificateFilter.compile(deepest, QueryFixture.NOW).condition()))
                .isEqualTo(evaluator.certificates(QqlParser.parse(deepest)));
        assertThatThrownBy(() -> CertificateFilter.compile("(".repeat(depth + 1) + "keySize>1" + ")".repeat(depth + 1)))
                .isInstanceOf(QqlException.class).hasMessageContaining("nests deeper than " + depth);
        assertThatThrownBy(() -> CertificateFilter.compile("subject.name:" + "x".repeat(QqlParser.MAX_LENGTH)))
                .isInstanceOf(QqlException.class).hasMessageContaining("the limit is " + QqlParser.MAX_LENGTH);
    }

    /**
     * The same agreement as {@link CompilerAgreesWithEvaluatorProperties}, as a plain seeded loop,
     * so the check stands even where the property-testing library is not run.
     */
    @Test
    void seededRandomFiltersAgreeWithTheEvaluator() {
        Random seeds = new Random(2026);
        int nonTrivial = 0;
        for (int i = 0; i < 300; i++) {
            String qql = new RandomQueries(seeds.nextLong()).query();
            Set<Long> expected = evaluator.certificates(QqlParser.parse(qql));
            assertThat(certificates(CertificateFilter.compile(qql, QueryFixture.NOW).condition())).as(qql).isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < fixture.certificates.size()) {
                nonTrivial++;
            }
        }
        assertThat(nonTrivial).isGreaterThan(50);
    }

    /**
     * Random strings and mutations of valid filters: each gives either a result from PostgreSQL or
     * a QqlException with a column; never another exception, never SQL text in a message.
     */
    @Test
    void fuzzedFiltersGiveAResultOrAClearError() {
        Random random = new Random(99);
        String alphabet = "abcdekySizt.:()[]<>=\"'`*, -/0123456789_%\\ANDORNOTandornot";
        int errors = 0;
        int results = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 1500 && System.nanoTime() < deadline; i++) {
            String qql;
            if (i % 2 == 0) {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(40);
                for (int k = 0; k < length; k++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                qql = s.toString();
            } else {
                StringBuilder s = new StringBuilder(new RandomQueries(random.nextLong()).query());
                int edits = 1 + random.nextInt(3);
                for (int k = 0; k < edits && !s.isEmpty(); k++) {
                    int at = random.nextInt(s.length());
                    switch (random.nextInt(3)) {
                        case 0 -> s.deleteCharAt(at);
                        case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                qql = s.toString();
            }
            try {
                certificates(CertificateFilter.compile(qql, QueryFixture.NOW).condition());
                results++;
            } catch (QqlException e) {
                errors++;
                assertThat(e.column()).as(qql).isPresent();
                assertThat(e.getMessage()).as(qql).doesNotContainIgnoringCase("select").doesNotContain("Exception");
            }
        }
        assertThat(errors).isGreaterThan(100);
        assertThat(results).isGreaterThan(50);
    }

    @Test
    void structuredFilterErrorsNameTheField() {
        assertThatThrownBy(() -> CertificateFilter.fromStructured(Map.of("filters",
                List.of(Map.of("field", "certificate.keySise", "operator", "GREATER", "value", 2)))))
                .isInstanceOf(QqlException.class)
                .hasMessage("filter.filters[0].field 'certificate.keySise' is not a known field; did you mean 'certificate.keySize'?");
        assertThatThrownBy(() -> CertificateFilter.fromStructured(Map.of("filters",
                List.of(Map.of("field", "keySize", "operator", "BIGGER", "value", 2)))))
                .hasMessageStartingWith("filter.filters[0].operator 'BIGGER' is not an operator");
        assertThatThrownBy(() -> CertificateFilter.fromStructured(Map.of("filters",
                List.of(Map.of("field", "type", "operator", "GREATER", "value", "Leaf")))))
                .hasMessage("filter.filters[0].value type is enum and has no order; use EQUALS, CONTAINS or IN");
    }
}
