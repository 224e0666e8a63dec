package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.Database;
import io.certatlas.store.access.Scope;
import io.certatlas.store.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tag-scoped user's instance and asset counts of each certificate, read from the ledger, are
 * what counting the certificate's current links on visible assets gives, for every scope.
 */
class ScopedReachCountsTest {

    private static Database db;

    @BeforeAll
    static void load() {
        db = TestDatabase.fresh();
        QueryFixture.generate(20261204L, 120, 30, 150).insertInto(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void countsFromTheLedgerEqualCountsOfTheLinks() {
        Random random = new Random(24);
        int nonZero = 0;
        for (int round = 0; round < 40; round++) {
            List<String> tags = QueryFixture.someTags(random, 2);
            Scope.Tags scope = QueryFixture.scopeOf(db, tags);
            List<Long> ids = scope.tagIds();
            Map<Long, List<Integer>> fromLedger = new TreeMap<>();
            db.dsl().select(field(name("c", "id"), Long.class), scope.instanceCount("c"), scope.assetCount("c"))
                    .from(table(name("certificate")).as("c"))
                    .fetch().forEach(r -> fromLedger.put(r.value1(), List.of(r.value2(), r.value3())));
            Map<Long, List<Integer>> fromLinks = new TreeMap<>();
            db.dsl().fetch("""
                    SELECT c.id,
                           (SELECT count(*) FROM instance_certificate ic JOIN host_instance hi ON hi.id = ic.instance_id
                              JOIN asset a ON a.id = hi.asset_id
                             WHERE ic.certificate_id = c.id AND ic.current AND a.tag_ids && ?::bigint[])::int,
                           (SELECT count(DISTINCT hi.asset_id) FROM instance_certificate ic JOIN host_instance hi ON hi.id = ic.instance_id
                              JOIN asset a ON a.id = hi.asset_id
                             WHERE ic.certificate_id = c.id AND ic.current AND a.tag_ids && ?::bigint[])::int
                      FROM certificate c""", ids.toArray(Long[]::new), ids.toArray(Long[]::new))
                    .forEach(r -> fromLinks.put(r.get(0, Long.class), List.of(r.get(1, Integer.class), r.get(2, Integer.class))));
            assertThat(fromLedger).as("scope " + tags).isEqualTo(fromLinks);
            nonZero += (int) fromLinks.values().stream().filter(v -> v.get(0) > 0).count();
        }
        // Counts that are all zero would prove nothing.
        assertThat(nonZero).isGreaterThan(500);
    }
}
