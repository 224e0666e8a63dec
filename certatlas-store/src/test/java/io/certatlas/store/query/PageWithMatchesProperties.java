package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.qql.QqlParser;
import io.certatlas.store.Database;
import io.certatlas.store.access.Scope;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.Matches;
import io.certatlas.store.read.Page;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.PropertyTry;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * A page read knowing its filter's total (past the last match: nothing; among few matches: from
 * the matches, sorted; scoped with rare matches: without looking among the first visible) holds
 * exactly the ids, in the same order, as the page read without it; for random filters, scopes,
 * sorts and pages.
 */
class PageWithMatchesProperties {

    private static final List<List<Map<String, String>>> SORTS = List.of(List.of(),
            List.of(Map.of("validTo", "asc")), List.of(Map.of("subject.name", "desc")), List.of(Map.of("keySize", "asc"),
                    Map.of("updated", "desc")), List.of(Map.of("instanceCount", "desc")), List.of(Map.of("assetCount", "asc")));

    private static Database db;
    private static CertificateReader reader;
    private static int nonEmptyPages;

    @BeforeAll
    static void load() {
        db = TestDatabase.fresh();
        QueryFixture.generate(20261207L, 70, 25, 60).insertInto(db);
        reader = new CertificateReader(db.dsl());
    }

    @AfterAll
    static void close() {
        try {
            assertThat(nonEmptyPages).as("pages that held certificates").isGreaterThan(50);
        } finally {
            db.close();
        }
    }

    @RepeatedTest(150)
    void aPageReadKnowingItsTotalIsThePageReadWithout(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        var random = attempt.random();
        String qql = random.nextInt(5) == 0 ? "" : new RandomQueries(random.nextLong()).query();
        List<String> tags = random.nextBoolean() ? List.of() : QueryFixture.someTags(random, 3);
        List<Map<String, String>> sortKeys = SORTS.get(random.nextInt(SORTS.size()));
        Page page = new Page(List.of(0, 0, 1, 2, 5, 9).get(random.nextInt(6)), List.of(1, 7, 25).get(random.nextInt(3)));
        attempt.check(qql + " within " + tags + " sorted " + sortKeys + " " + page, () -> {
            Scope scope = tags.isEmpty() ? Scope.everything() : QueryFixture.scopeOf(db, tags);
            CertificateFilter filter = CertificateFilter.of(QqlParser.parse(qql), QueryFixture.NOW, scope);
            List<SortField<?>> sort = SortSpec.certificates(sortKeys, scope).fields();
            try (InventorySnapshot snapshot = reader.snapshot()) {
                List<Long> plain = snapshot.pageIds(filter.condition(), scope, sort, page);
                long matching = snapshot.countCertificates(filter.countCondition(), scope);
                OptionalLong visible = tags.isEmpty() ? OptionalLong.empty()
                        : OptionalLong.of(snapshot.countCertificates(DSL.noCondition(), scope));
                List<Long> known = snapshot.pageIds(filter.condition(), scope, sort, page,
                        new Matches(filter.countCondition(), matching, visible));
                assertThat(known).as("ids").containsExactlyElementsOf(plain);
                if (!plain.isEmpty()) {
                    nonEmptyPages++;
                }
            }
        });
    }
}
