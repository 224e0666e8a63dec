package io.certatlas.store.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoInventoryTest {

    static Database db;
    static DemoSummary summary;

    @BeforeAll
    static void fill() {
        db = TestDatabase.fresh();
        summary = DemoInventory.fill(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    long count(String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }

    @Test
    void fillsAboutThreeThousandTaggedAssetsWithInstancesAndFindings() {
        assertThat(summary.assets()).isEqualTo(3_000);
        assertThat(count("SELECT count(*) FROM asset")).isEqualTo(3_000);
        assertThat(count("SELECT count(*) FROM asset WHERE id NOT IN (SELECT asset_id FROM asset_tag)")).isZero();
        assertThat(count("SELECT count(DISTINCT port) FROM host_instance")).isGreaterThanOrEqualTo(6);
        assertThat(count("SELECT count(*) FROM host_instance")).isEqualTo(summary.instances());
        assertThat(count("SELECT count(*) FROM finding")).isEqualTo(summary.findings());
        assertThat(count("SELECT count(*) FROM host_instance h WHERE NOT EXISTS"
                + " (SELECT 1 FROM instance_certificate ic WHERE ic.instance_id = h.id AND ic.chain_position = 0)")).isZero();
    }

    @Test
    void holdsTheCasesWorthShowing() {
        assertThat(count("SELECT count(*) FROM certificate WHERE valid_to < now()")).isPositive();
        assertThat(count("SELECT count(*) FROM certificate WHERE valid_to BETWEEN now() AND now() + interval '30 days'")).isPositive();
        assertThat(count("SELECT count(*) FROM certificate WHERE self_signed AND type = 'Leaf'")).isPositive();
        assertThat(count("SELECT count(*) FROM certificate WHERE public_key_algorithm = 'RSA' AND key_size = 1024")).isPositive();
        assertThat(count("SELECT count(*) FROM certificate WHERE signature_algorithm = 'SHA1withRSA' AND type = 'Leaf'")).isPositive();
        assertThat(count("SELECT count(*) FROM certificate WHERE type = 'Root'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM certificate WHERE type = 'Intermediate'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM finding WHERE qid = 38169")).isPositive();
        assertThat(count("SELECT count(*) FROM finding WHERE qid = 9000001")).isPositive();
    }

    @Test
    void everyEndpointCarriesTheGradeSummaryOfItsGradeAndProtocols() {
        // v2 answers gradeSummary from this column: without it an A endpoint read as scored 0 in everything.
        assertThat(count("SELECT count(*) FROM host_instance WHERE grade_summary IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM host_instance WHERE grade_summary->>'grade' IS DISTINCT FROM grade"
                + " OR grade_summary->>'gradeWithTrustIgnored' IS DISTINCT FROM grade_with_trust_ignored")).isZero();
        assertThat(count("SELECT count(*) FROM host_instance WHERE (grade_summary->>'protocolSupportScore')::int = 0"
                + " OR (grade_summary->>'keyExchangeScore')::int = 0 OR (grade_summary->>'cipherStrengthScore')::int = 0")).isZero();
        assertThat(count("SELECT count(*) FROM host_instance h, unnest(ARRAY['SSLv3','TLSv1','TLSv1.1','TLSv1.2','TLSv1.3']) p"
                + " WHERE (grade_summary->'protocolSupportInfo'->>p)::boolean IS DISTINCT FROM (p = ANY (h.ssl_protocols))")).isZero();
        // Every protocol an endpoint accepts has its suites, in the column v1/v2 list and in the summary alike.
        assertThat(count("SELECT count(*) FROM host_instance h, unnest(h.ssl_protocols) p WHERE p <> 'SSLv2'"
                + " AND (jsonb_array_length(coalesce(h.cipher_suites->p, '[]')) = 0"
                + " OR jsonb_array_length(coalesce(h.grade_summary->'cipherSuites'->p, '[]')) = 0)")).isZero();
        assertThat(count("SELECT count(*) FROM host_instance WHERE cipher_suites = '{}'::jsonb AND ssl_protocols <> '{}'")).isZero();
        assertThat(count("SELECT count(*) FROM host_instance WHERE grade = 'A' AND (grade_summary->>'protocolSupportScore')::int = 100"
                + " AND (grade_summary->>'certificateScore')::int = 100")).isPositive();
    }

    @Test
    void oneWildcardCertificateIsOnMoreThanAThousandAssets() {
        assertThat(count("""
                SELECT count(DISTINCT h.asset_id) FROM certificate c
                JOIN instance_certificate ic ON ic.certificate_id = c.id AND ic.current
                JOIN host_instance h ON h.id = ic.instance_id
                WHERE c.subject_name = '*.demo.example'""")).isGreaterThan(1_000);
        assertThat(count("SELECT count(*) FROM certificate WHERE subject_name = '*.demo.example'")).isEqualTo(1);
    }

    @Test
    void refusesAStoreThatIsNotEmpty() {
        assertThatThrownBy(() -> DemoInventory.fill(db))
                .isInstanceOf(StoreNotEmptyException.class)
                .hasMessageContaining("the demo only fills an empty store");
    }
}
