package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Tags;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counts, scope tags (migration V4) and grades served (V27) kept on certificate and asset rows
 * against the same figures counted from scratch, after a random mix of every kind of write:
 * endpoints recorded and re-recorded with other chains and grades, instances graded again, tags
 * put on and taken off, instances, assets and tags deleted; and again after a bulk loader's rebuild.
 */
class CertificateReachTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Reach Root CA");
    static final CertificateFacts CA = SampleCertificates.intermediate("Reach Issuing CA", ROOT);
    static final List<CertificateFacts> LEAVES = List.of(
            SampleCertificates.leaf("a.reach.example", CA), SampleCertificates.leaf("b.reach.example", CA),
            SampleCertificates.leaf("c.reach.example", CA), SampleCertificates.leaf("d.reach.example", CA));

    static Database db;

    @BeforeAll
    static void open() {
        db = TestDatabase.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void keptCountsScopeTagsAndGradesEqualAFreshCountAfterEveryKindOfWrite() {
        Inventory inventory = new Inventory(db);
        Tags tags = new Tags(db.dsl());
        DSLContext sql = db.dsl();
        Random random = new Random(20261123);
        List<String> tagNames = List.of("red", "green", "blue");
        List<String> grades = List.of("A", "F", "T", "");
        tagNames.forEach(tags::ensure);
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        for (int step = 0; step < 300; step++) {
            at = at.plusSeconds(60);
            int action = random.nextInt(11);
            String address = "10.9.0." + (1 + random.nextInt(6));
            List<UUID> assets = sql.fetch("select uuid from asset").getValues(0, UUID.class);
            if (action < 6 || assets.isEmpty()) {
                CertificateFacts leaf = LEAVES.get(random.nextInt(LEAVES.size()));
                List<CertificateFacts> chain = random.nextBoolean() ? List.of(leaf, CA) : List.of(leaf, CA, ROOT);
                int port = List.of(443, 8443, 636).get(random.nextInt(3));
                inventory.record(new Observation(Optional.of(ObservedAsset.of(address, "")),
                        Optional.of(new ObservedInstance("tcp", port, "", "https", List.of("TLSv1.3"), Map.of(),
                                grades.get(random.nextInt(grades.size())), "", Optional.empty())), chain, List.of(),
                        "SCAN", at));
            } else if (action == 6) {
                tags.tagAssets(tagNames.get(random.nextInt(3)), List.of(assets.get(random.nextInt(assets.size()))));
            } else if (action == 7) {
                tags.untagAssets(tagNames.get(random.nextInt(3)), List.of(assets.get(random.nextInt(assets.size()))));
            } else if (action == 10) {
                sql.execute("update host_instance set grade = ? where id = (select id from host_instance order by random() limit 1)",
                        grades.get(random.nextInt(grades.size())));
            } else if (action == 8) {
                sql.execute("delete from host_instance where id = (select id from host_instance order by random() limit 1)");
            } else if (random.nextInt(4) == 0) {
                sql.execute("delete from asset where uuid = ?", assets.get(random.nextInt(assets.size())));
            } else {
                String name = tagNames.get(random.nextInt(3));
                tags.delete(name);
                tags.ensure(name);
            }
            assertThat(kept(sql)).as("after step %d (action %d)", step, action).isEqualTo(counted(sql));
        }
        assertThat(sql.fetchOne("select count(*) from certificate where asset_count > 0").get(0, Integer.class)).isPositive();
        assertThat(sql.fetchOne("select count(*) from certificate where cardinality(scope_tags) > 0").get(0, Integer.class))
                .isPositive();
        assertThat(sql.fetchOne("select count(*) from certificate where cardinality(instance_grades) > 1").get(0, Integer.class))
                .isPositive();
        List<String> beforeRebuild = kept(sql);
        sql.execute("select rebuild_certificate_reach()");
        assertThat(kept(sql)).isEqualTo(beforeRebuild);
    }

    private static List<String> kept(DSLContext sql) {
        List<String> rows = new ArrayList<>();
        sql.fetch("select id, instance_count, asset_count, array(select unnest(scope_tags) order by 1)::text,"
                        + " array(select unnest(instance_grades) order by 1)::text from certificate order by id")
                .forEach(r -> rows.add("certificate " + r.get(0) + ": " + r.get(1) + " instances, " + r.get(2)
                        + " assets, tags " + r.get(3) + ", grades " + r.get(4)));
        sql.fetch("select id, certificate_count, array(select unnest(tag_ids) order by 1)::text from asset order by id")
                .forEach(r -> rows.add("asset " + r.get(0) + ": " + r.get(1) + " certificates, tags " + r.get(2)));
        sql.fetch("select certificate_id, tag_id, assets from certificate_tag order by 1, 2")
                .forEach(r -> rows.add("certificate " + r.get(0) + " tag " + r.get(1) + ": " + r.get(2) + " assets"));
        sql.fetch("select certificate_id, grade, instances from certificate_grade order by 1, 2")
                .forEach(r -> rows.add("certificate " + r.get(0) + " grade " + r.get(1) + ": " + r.get(2) + " instances"));
        return rows;
    }

    private static List<String> counted(DSLContext sql) {
        List<String> rows = new ArrayList<>();
        sql.fetch("""
                        select c.id,
                               (select count(*) from instance_certificate ic where ic.certificate_id = c.id and ic.current),
                               (select count(distinct hi.asset_id) from instance_certificate ic
                                  join host_instance hi on hi.id = ic.instance_id
                                 where ic.certificate_id = c.id and ic.current),
                               array(select distinct at.tag_id from instance_certificate ic
                                       join host_instance hi on hi.id = ic.instance_id
                                       join asset_tag at on at.asset_id = hi.asset_id
                                      where ic.certificate_id = c.id and ic.current order by 1)::text,
                               array(select distinct hi.grade from instance_certificate ic
                                       join host_instance hi on hi.id = ic.instance_id
                                      where ic.certificate_id = c.id and ic.current and hi.grade <> '' order by 1)::text
                        from certificate c order by c.id""")
                .forEach(r -> rows.add("certificate " + r.get(0) + ": " + r.get(1) + " instances, " + r.get(2)
                        + " assets, tags " + r.get(3) + ", grades " + r.get(4)));
        sql.fetch("""
                        select a.id, (select count(distinct ic.certificate_id) from host_instance hi
                                        join instance_certificate ic on ic.instance_id = hi.id
                                       where hi.asset_id = a.id and ic.current),
                               array(select at.tag_id from asset_tag at where at.asset_id = a.id order by 1)::text
                        from asset a order by a.id""")
                .forEach(r -> rows.add("asset " + r.get(0) + ": " + r.get(1) + " certificates, tags " + r.get(2)));
        sql.fetch("""
                        select ic.certificate_id, at.tag_id, count(distinct hi.asset_id) from instance_certificate ic
                          join host_instance hi on hi.id = ic.instance_id
                          join asset_tag at on at.asset_id = hi.asset_id
                         where ic.current group by 1, 2 order by 1, 2""")
                .forEach(r -> rows.add("certificate " + r.get(0) + " tag " + r.get(1) + ": " + r.get(2) + " assets"));
        sql.fetch("""
                        select ic.certificate_id, hi.grade, count(*) from instance_certificate ic
                          join host_instance hi on hi.id = ic.instance_id
                         where ic.current and hi.grade <> '' group by 1, 2 order by 1, 2""")
                .forEach(r -> rows.add("certificate " + r.get(0) + " grade " + r.get(1) + ": " + r.get(2) + " instances"));
        return rows;
    }
}
