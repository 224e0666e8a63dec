package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * How stored bodies are kept and read back (migrations V29, V30 and V32): a body of a few kilobytes,
 * what most certificates have, stays in its row, so that a page reads one row per certificate
 * rather than TOAST chunks besides; a body too large for a row still goes out of line. Either
 * comes back byte for byte, with the root's name when the root is in the inventory.
 */
class CertificateDocumentStorageTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Storage Root CA");
    static final CertificateFacts CA = SampleCertificates.intermediate("Storage Issuing CA", ROOT);
    static final CertificateFacts SMALL = SampleCertificates.leaf("small.storage.example", CA);
    static final CertificateFacts LARGE = SampleCertificates.leaf("large.storage.example", CA);

    @Test
    void bodiesOfAFewKilobytesStayInTheirRowAndLargerOnesGoOutOfLineBothReadBackWhole() {
        try (Database db = TestDatabase.fresh()) {
            Inventory inventory = new Inventory(db);
            DSLContext sql = db.dsl();
            Instant at = Instant.parse("2026-12-01T00:00:00Z");
            inventory.record(endpoint("10.9.0.1", List.of(SMALL, CA, ROOT), at));
            inventory.record(endpoint("10.9.0.2", List.of(LARGE, CA, ROOT), at));
            long small = idOf(sql, SMALL);
            long large = idOf(sql, LARGE);
            // Random bytes do not compress: sizes as stored are the sizes written.
            Random random = new Random(29);
            byte[] smallBody = new byte[3_000];
            byte[] largeBody = new byte[40_000];
            random.nextBytes(smallBody);
            random.nextBytes(largeBody);

            CertificateReader reader = new CertificateReader(sql);
            Map<Long, CertificateDocuments.Held> before;
            try (InventorySnapshot snapshot = reader.snapshot()) {
                before = snapshot.documents(List.of(small, large));
            }
            assertThat(before.get(small).body()).isEmpty();
            int kept = new CertificateDocuments(sql).keep(List.of(
                    new CertificateDocuments.Built(small, before.get(small).stamp(), Optional.of(ROOT.certhash()), smallBody),
                    new CertificateDocuments.Built(large, before.get(large).stamp(), Optional.of(ROOT.certhash()), largeBody)));
            assertThat(kept).isEqualTo(2);

            // An inline value takes its length and a 4-byte header; one out of line is reported at its
            // stored length. Of the two, only the large one has chunks in the TOAST table.
            assertThat(storedSize(sql, small)).as("a 3 KB body is kept in its row").isEqualTo(smallBody.length + 4);
            assertThat(storedSize(sql, large)).as("a 40 KB body goes out of line").isEqualTo(largeBody.length);
            String toast = sql.fetchOne("select reltoastrelid::regclass::text from pg_class"
                    + " where oid = 'certificate_document'::regclass").get(0, String.class);
            assertThat(sql.fetchOne("select count(distinct chunk_id) from " + toast).get(0, Integer.class)).isEqualTo(1);

            try (InventorySnapshot snapshot = reader.snapshot()) {
                Map<Long, CertificateDocuments.Held> held = snapshot.documents(List.of(large, small, 999_999L));
                assertThat(held.get(small).body()).hasValueSatisfying(body -> assertThat(body).isEqualTo(smallBody));
                assertThat(held.get(large).body()).hasValueSatisfying(body -> assertThat(body).isEqualTo(largeBody));
                assertThat(held.get(small).root()).hasValueSatisfying(
                        root -> assertThat(root.name()).isEqualTo("Storage Root CA"));
                assertThat(held.get(999_999L).body()).isEmpty();
                assertThat(held.get(999_999L).stamp()).isZero();
            }
        }
    }

    private static int storedSize(DSLContext sql, long id) {
        return sql.fetchOne("select pg_column_size(body) from certificate_document where certificate_id = ?", id)
                .get(0, Integer.class);
    }

    private static long idOf(DSLContext sql, CertificateFacts certificate) {
        return sql.fetchOne("select id from certificate where certhash = ?", certificate.certhash()).get(0, Long.class);
    }

    private static Observation endpoint(String address, List<CertificateFacts> chain, Instant at) {
        return new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), "A", "A",
                        Optional.empty())), chain, List.of(), "SCAN", at);
    }
}
