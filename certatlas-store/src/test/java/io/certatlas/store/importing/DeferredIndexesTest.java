package io.certatlas.store.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.DeferredIndexes;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.testing.PostgresServer;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large import into an empty inventory sets the certificate table's secondary indexes aside and
 * builds them again; whatever happens, the table ends with exactly the indexes it had.
 */
class DeferredIndexesTest {

    static Issuer issuer;
    static KeyPair leafKeys;

    @TempDir
    Path dir;
    String url;
    Database db;

    @BeforeAll
    static void pki() {
        issuer = Issuer.selfSigned(CertificateSpec.authority("Deferred Index Test CA").withKeyType(KeyType.EC_P256));
        leafKeys = KeyType.EC_P256.generate();
    }

    @BeforeEach
    void open() {
        url = TestDatabase.freshJdbcUrl();
        db = openStore();
    }

    @AfterEach
    void close() {
        db.close();
    }

    Database openStore() {
        PostgresServer pg = TestDatabase.server();
        return Database.open(new StoreLocation.JdbcUrl(url, Optional.of(pg.user()), Optional.of(pg.password())));
    }

    /** Each index of the certificate table: its definition, and the object that holds it now. */
    record Index(String definition, long oid) {
    }

    Map<String, Index> indexes() {
        return db.dsl().fetch("select c.relname, pg_get_indexdef(i.indexrelid), i.indexrelid::bigint"
                        + " from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'certificate'::regclass")
                .stream().collect(Collectors.toMap(r -> r.get(0, String.class),
                        r -> new Index(r.get(1, String.class), r.get(2, Long.class))));
    }

    static Map<String, String> definitions(Map<String, Index> indexes) {
        return indexes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().definition()));
    }

    long listed() {
        return db.dsl().fetchOne("select count(*) from deferred_index").get(0, Long.class);
    }

    Path leaves(String name, int count) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        List<IssuedCertificate> issued = IntStream.range(0, count).parallel()
                .mapToObj(i -> issuer.issue(CertificateSpec.leaf(name + i + ".example.com"), leafKeys)).toList();
        for (int i = 0; i < count; i++) {
            Files.writeString(folder.resolve(i + ".pem"), issued.get(i).pem());
        }
        return folder;
    }

    ImportSummary importAll(Path folder) {
        return new BulkImport(db, CertificateAnalyzer.standard(), 2).run(List.of(folder), Optional.empty(), ImportListener.NONE);
    }

    @Test
    void aLargeImportIntoAnEmptyInventoryBuildsTheSameIndexesAgainAndFindsItsCertificatesThroughThem() throws Exception {
        Map<String, Index> before = indexes();
        int count = BulkImport.BATCH + 300;

        assertThat(importAll(leaves("bulk", count)).newCertificates()).isEqualTo(count);

        Map<String, Index> after = indexes();
        assertThat(definitions(after)).isEqualTo(definitions(before));
        assertThat(listed()).isZero();
        // Built again: every secondary index is a new object; the unique ones were never dropped.
        before.forEach((name, index) -> {
            boolean unique = index.definition().startsWith("CREATE UNIQUE INDEX");
            assertThat(after.get(name).oid() == index.oid()).as(name).isEqualTo(unique);
        });
        // The builds told the planner the table's size, and a name lookup finds its certificate.
        assertThat(db.dsl().fetchOne("select reltuples::bigint from pg_class where relname = 'certificate'").get(0, Long.class))
                .isEqualTo(count);
        assertThat(db.dsl().fetchOne("select count(*) from certificate where subject_name = 'bulk17.example.com'").get(0, Long.class))
                .isEqualTo(1L);
    }

    @Test
    void aSmallImportOrAFullInventoryKeepsItsIndexes() throws Exception {
        Map<String, Index> before = indexes();
        importAll(leaves("small", 40));
        assertThat(indexes()).isEqualTo(before);

        assertThat(DeferredIndexes.defer(db.dataSource(), "certificate", 39)).isEmpty();
        assertThat(indexes()).isEqualTo(before);
        assertThat(listed()).isZero();
    }

    @Test
    void aTableThatSomeoneReadsKeepsItsIndexesAfterAShortWait() throws Exception {
        Map<String, Index> before = indexes();
        try (Connection reader = db.dataSource().getConnection()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("select count(*) from certificate").close();   // holds its lock until the transaction ends
                long started = System.nanoTime();
                assertThat(DeferredIndexes.defer(db.dataSource(), "certificate", 1_000_000)).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            }
            reader.rollback();
        }
        assertThat(indexes()).isEqualTo(before);
        assertThat(listed()).isZero();
        // Once the reader is gone, the same call sets them aside, and a build puts them back.
        DeferredIndexes deferred = DeferredIndexes.defer(db.dataSource(), "certificate", 1_000_000).orElseThrow();
        deferred.build();
        assertThat(definitions(indexes())).isEqualTo(definitions(before));
    }

    @Test
    void indexesOfAnImportThatDiedAreBuiltByTheNextStoreToOpenAndNotWhileItLives() throws Exception {
        Map<String, Index> before = indexes();
        DeferredIndexes deferred = DeferredIndexes.defer(db.dataSource(), "certificate", 0).orElseThrow();
        int dropped = deferred.count();
        assertThat(dropped).isEqualTo(before.values().stream().filter(i -> !i.definition().startsWith("CREATE UNIQUE")).count());
        assertThat(indexes()).hasSize(before.size() - dropped);
        assertThat(listed()).isEqualTo(dropped);

        // While the import that set them aside lives, a store that opens leaves them to it.
        try (Database second = openStore()) {
            assertThat(indexes()).hasSize(before.size() - dropped);
        }
        assertThat(listed()).isEqualTo(dropped);
        // A second large import meanwhile keeps what indexes are left.
        assertThat(DeferredIndexes.defer(db.dataSource(), "certificate", 1_000_000)).isEmpty();

        // The import dies: its session ends, and with it the lock.
        db.dsl().execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()");
        try (Database next = openStore()) {
            assertThat(next.dsl().fetchOne("select count(*) from deferred_index").get(0, Long.class)).isZero();
        }
        assertThat(definitions(indexes())).isEqualTo(definitions(before));
        // The dead import's own ending finds nothing left to do.
        deferred.close();
        assertThat(definitions(indexes())).isEqualTo(definitions(before));
    }
}
