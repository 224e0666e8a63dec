package io.certatlas.store.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.importing.BulkImport;
import io.certatlas.store.importing.ImportListener;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.keys.testing.WeakCertificates;
import io.certatlas.x509.keys.testing.WeakCertificates.Case;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate's key row goes with the certificate (V21 replaced the row-by-row foreign key with
 * statement triggers): no key row outlives its certificate.
 */
class KeyRowFollowsCertificateTest {

    Database db;

    @BeforeEach
    void open(@TempDir Path files) throws Exception {
        db = TestDatabase.fresh();
        for (Case c : WeakCertificates.shared().cases().values()) {
            Files.writeString(files.resolve(c.name() + ".pem"), c.certificate().pem());
        }
        new BulkImport(db, CertificateAnalyzer.standard(), 1).run(List.of(files), Optional.empty(), ImportListener.NONE);
    }

    @AfterEach
    void close() {
        db.close();
    }

    long keyRows() {
        return db.dsl().fetchOne("SELECT count(*) FROM certificate_key").get(0, Long.class);
    }

    long orphans() {
        return db.dsl().fetchOne("""
                SELECT count(*) FROM certificate_key k WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.id = k.certificate_id)""")
                .get(0, Long.class);
    }

    @Test
    void deletingCertificatesDeletesTheirKeyRowsAndNoOthers() {
        long before = keyRows();
        assertThat(before).isEqualTo(WeakCertificates.shared().cases().size());
        int deleted = db.dsl().execute("DELETE FROM certificate WHERE id IN (SELECT id FROM certificate ORDER BY id LIMIT 2)");
        assertThat(deleted).isEqualTo(2);
        assertThat(keyRows()).isEqualTo(before - 2);
        assertThat(orphans()).isZero();
    }

    @Test
    void truncatingCertificatesEmptiesTheKeyRows() {
        db.dsl().execute("TRUNCATE certificate CASCADE");
        assertThat(keyRows()).isZero();
    }
}
