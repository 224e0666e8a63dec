package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Scope;
import io.certatlas.store.access.Tags;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * The stamps of migration V25 under concurrent writers: two real sessions (READ COMMITTED,
 * autocommit off) race a write that changes what certificate B would show once linked (a
 * finding's title, an instance's grade, an asset's name, an asset's interfaces, a tag's name)
 * against the write that links B there; between the link's commit and the other write's commit
 * a snapshot builds B's body and {@link CertificateDocuments#keep} stores it where it may. After
 * both commit, B's stored body must be absent or equal to what B shows now: a body built from
 * the old state and kept under the link's stamp, which the other write then never replaced, is
 * the race the locks of V25 close. Every wait is bounded: a statement that blocks is the lock
 * working, and must complete once the other session commits.
 *
 * <p>Also: endpoints recorded on a few assets while bulk finding writes (key audit style) run
 * over the same instances must not deadlock.
 */
class CertificateDocumentRaceTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Race Root CA");
    static final CertificateFacts CA = SampleCertificates.intermediate("Race Issuing CA", ROOT);
    static final CertificateFacts LEAF_A = SampleCertificates.leaf("a.race.example", CA);
    static final CertificateFacts LEAF_B = SampleCertificates.leaf("b.race.example", CA);
    static final List<CertificateFacts> LEAVES = List.of(LEAF_A, LEAF_B,
            SampleCertificates.leaf("c.race.example", CA), SampleCertificates.leaf("d.race.example", CA));
    static final ObservedFinding EXPIRED = new ObservedFinding(38170, "Certificate expired", 3, "");
    static final long TIMEOUT_MS = 5_000;

    /** The write that changes what B shows once B is linked where it writes. */
    enum Write {
        FINDING_TITLE, INSTANCE_GRADE, ASSET_NAME, INTERFACE_INSERT, TAG_RENAME
    }

    @Test
    void findingTitleChangedWhileBIsLinkedToTheInstance() throws Exception {
        race(Write.FINDING_TITLE, false);
    }

    @Test
    void bLinkedToTheInstanceWhileAFindingTitleChanges() throws Exception {
        race(Write.FINDING_TITLE, true);
    }

    @Test
    void instanceGradeChangedWhileBIsLinkedToTheInstance() throws Exception {
        race(Write.INSTANCE_GRADE, false);
    }

    @Test
    void bLinkedToTheInstanceWhileItsGradeChanges() throws Exception {
        race(Write.INSTANCE_GRADE, true);
    }

    @Test
    void assetNameChangedWhileBIsLinkedToAnInstanceOfTheAsset() throws Exception {
        race(Write.ASSET_NAME, false);
    }

    @Test
    void bLinkedToAnInstanceOfTheAssetWhileItsNameChanges() throws Exception {
        race(Write.ASSET_NAME, true);
    }

    @Test
    void interfaceAddedWhileBIsLinkedToAnInstanceOfTheAsset() throws Exception {
        race(Write.INTERFACE_INSERT, false);
    }

    @Test
    void bLinkedToAnInstanceOfTheAssetWhileAnInterfaceIsAdded() throws Exception {
        race(Write.INTERFACE_INSERT, true);
    }

    @Test
    void tagRenamedWhileItIsPutOnTheAssetServingB() throws Exception {
        race(Write.TAG_RENAME, false);
    }

    @Test
    void tagPutOnTheAssetServingBWhileItIsRenamed() throws Exception {
        race(Write.TAG_RENAME, true);
    }

    /**
     * One race. {@code linkFirst == false}: the write runs (uncommitted), the link runs and commits
     * (or waits), B is built and kept, the write commits. {@code linkFirst == true}: the link runs
     * (uncommitted), the write runs (or waits), the link commits, B is built and kept, the write commits.
     */
    private static void race(Write write, boolean linkFirst) throws Exception {
        long started = System.nanoTime();
        try (Database db = TestDatabase.fresh()) {
            Inventory inventory = new Inventory(db);
            DSLContext sql = db.dsl();
            CertificateReader reader = new CertificateReader(sql);
            CertificateDocuments documents = new CertificateDocuments(sql);
            Instant at = Instant.parse("2026-11-01T00:00:00Z");
            // Asset A (10.8.0.1) with instance I (port 443) serving leaf a and the CA, one active
            // finding, tagged red. B (served without its CA, so that B's writes touch no row of the
            // CA's) is served where the link under test changes nothing but B: for a write on the
            // instance, on A already (instance 8443), so the link changes no count of A's; for a
            // write on the asset (its name, its interfaces), on another asset, the link making B
            // new on A; for the tag, on another asset, which the link tags red.
            inventory.record(endpoint("10.8.0.1", 443, List.of(LEAF_A, CA), "A", List.of(EXPIRED), at));
            boolean onA = write == Write.FINDING_TITLE || write == Write.INSTANCE_GRADE;
            inventory.record(endpoint(onA ? "10.8.0.1" : "10.8.0.2", 8443, List.of(LEAF_B), "A", List.of(), at));
            long b = idOf(sql, LEAF_B);
            long assetA = sql.fetchOne("select id from asset where primary_ip = '10.8.0.1'").get(0, Long.class);
            long instance = sql.fetchOne("select id from host_instance where asset_id = ? and port = 443", assetA)
                    .get(0, Long.class);
            long assetOfB = sql.fetchOne("select hi.asset_id from host_instance hi join instance_certificate ic"
                    + " on ic.instance_id = hi.id where ic.certificate_id = ?", b).get(0, Long.class);
            new Tags(sql).ensure("red");
            long tag = sql.fetchOne("select id from tag where name = 'red'").get(0, Long.class);
            sql.execute("insert into asset_tag (asset_id, tag_id) values (?, ?)", assetA, tag);
            if (write == Write.INTERFACE_INSERT) {
                // A serves nothing (yet): the interface's write stamps no certificate whose row the link stamps too.
                sql.execute("update instance_certificate set current = false where instance_id = ?", instance);
            }

            String writeSql = switch (write) {
                case FINDING_TITLE -> "update finding set title = 'Certificate expired (renamed)' where instance_id = "
                        + instance + " and qid = " + EXPIRED.qid();
                case INSTANCE_GRADE -> "update host_instance set grade = 'F' where id = " + instance;
                case ASSET_NAME -> "update asset set name = 'renamed' where id = " + assetA;
                case INTERFACE_INSERT -> "insert into asset_interface (asset_id, hostname, address) values ("
                        + assetA + ", 'if-race', '10.6.0.9')";
                case TAG_RENAME -> "update tag set name = 'red-renamed' where id = " + tag;
            };
            String linkSql = write == Write.TAG_RENAME
                    ? "insert into asset_tag (asset_id, tag_id) values (" + assetOfB + ", " + tag + ")"
                    : "insert into instance_certificate (instance_id, certificate_id, chain_position) values ("
                    + instance + ", " + b + ", 0)";

            String what = write + (linkFirst ? " (link first)" : " (write first)");
            ExecutorService threads = Executors.newFixedThreadPool(3);
            boolean waited;
            int kept;
            try (Session writer = new Session(db, threads); Session linker = new Session(db, threads)) {
                Future<Integer> keep;
                if (!linkFirst) {
                    writer.execute(writeSql).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    Future<?> link = linker.executeAndCommit(linkSql);
                    waited = doneOrWaitingOnALock(sql, link);
                    keep = buildAndKeep(threads, reader, documents, b);
                    doneOrWaitingOnALock(sql, keep);
                    writer.commit();
                    link.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } else {
                    linker.execute(linkSql).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    Future<?> change = writer.execute(writeSql);
                    waited = doneOrWaitingOnALock(sql, change);
                    linker.commit();
                    change.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    keep = buildAndKeep(threads, reader, documents, b);
                    doneOrWaitingOnALock(sql, keep);
                    writer.commit();
                }
                kept = keep.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } finally {
                threads.shutdownNow();
            }

            String now = shown(reader, b);
            String body = body(sql, b);
            System.out.printf("CertificateDocumentRaceTest %s: second statement %s; body built between the commits"
                            + " %s; %.2f s%n", what, waited ? "waited for a lock" : "did not wait",
                    kept == 1 ? "was stored" : "was refused", (System.nanoTime() - started) / 1e9);
            assertThat(now).as("%s: B shows the write and the link", what).contains(shows(write));
            if (body != null) {
                assertThat(body).as("%s: B's stored body is what B shows now", what).isEqualTo(now);
            }
        }
    }

    /** A word B's shown form holds once both writes committed. */
    private static String shows(Write write) {
        return switch (write) {
            case FINDING_TITLE -> "Certificate expired (renamed)";
            case INSTANCE_GRADE -> "grade=F";
            case ASSET_NAME -> "name=renamed";
            case INTERFACE_INSERT -> "if-race";
            case TAG_RENAME -> "red-renamed";
        };
    }

    /**
     * Waits (bounded) until {@code statement} is done or some session of this database waits for
     * a lock; says whether one waits.
     */
    private static boolean doneOrWaitingOnALock(DSLContext sql, Future<?> statement) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (statement.isDone()) {
                return false;
            }
            if (sql.fetchOne("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock'").get(0, Integer.class) > 0) {
                return true;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("neither done nor waiting for a lock after " + TIMEOUT_MS + " ms");
    }

    /** B's body built in one snapshot, as the server does, then kept on another thread (it may wait). */
    private static Future<Integer> buildAndKeep(ExecutorService threads, CertificateReader reader,
                                                CertificateDocuments documents, long b) {
        long stamp;
        String body;
        try (InventorySnapshot snapshot = reader.snapshot()) {
            stamp = snapshot.documents(List.of(b)).get(b).stamp();
            body = shown(snapshot, b);
        }
        CertificateDocuments.Built built = new CertificateDocuments.Built(b, stamp, Optional.empty(),
                body.getBytes(StandardCharsets.UTF_8));
        return threads.submit(() -> documents.keep(List.of(built)));
    }

    private static String shown(CertificateReader reader, long id) {
        try (InventorySnapshot snapshot = reader.snapshot()) {
            return shown(snapshot, id);
        }
    }

    /** What a list shows of one certificate (as CertificateDocumentStampTest has it). */
    private static String shown(InventorySnapshot snapshot, long id) {
        List<CertificateRow> rows = snapshot.rows(List.of(id), Scope.everything(), new CertificateReader.Detail(1000, false));
        assertThat(rows).hasSize(1);
        CertificateRow r = rows.get(0);
        Map<Long, List<Long>> tagIds = snapshot.tagIdsOfAssets(r.assets().stream().map(AssetRow::id).distinct().toList());
        CertificateRow plain = new CertificateRow(r.id(), r.certhash(), null, r.serialNumber(), r.subject(),
                r.issuer(), r.issuerCerthash(), null, r.rootCerthash(), r.validFrom(), r.validTo(), r.keySize(),
                r.publicKeyAlgorithm(), r.signatureAlgorithm(), r.selfSigned(), r.type(), r.issuerCategory(),
                r.extendedValidation(), r.subjectAlternativeNames(), r.keyUsage(), r.enhancedKeyUsage(),
                r.subjectKeyIdentifier(), r.authKeyIdentifier(), r.sources(), r.imported(), r.orderStatus(),
                r.created(), r.updated(), r.lastFound(), r.instanceCount(), r.assetCount(), r.assets());
        return plain + " asset tag ids " + r.assets().stream()
                .map(a -> a.id() + "=" + tagIds.get(a.id())).collect(Collectors.joining(","));
    }

    private static long deadlocks(DSLContext sql) {
        return sql.connectionResult(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("select pg_stat_clear_snapshot()");
                try (var rs = s.executeQuery("select deadlocks from pg_stat_database where datname = current_database()")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** One plain session of the test database: autocommit off, READ COMMITTED, its statements on a thread. */
    private static final class Session implements AutoCloseable {
        private final Connection connection;
        private final ExecutorService threads;

        Session(Database db, ExecutorService threads) throws SQLException {
            this.connection = db.dataSource().getConnection();
            this.threads = threads;
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }

        Future<?> execute(String statement) {
            return threads.submit((Callable<Void>) () -> {
                try (Statement s = connection.createStatement()) {
                    s.execute(statement);
                }
                return null;
            });
        }

        Future<?> executeAndCommit(String statement) {
            return threads.submit((Callable<Void>) () -> {
                try (Statement s = connection.createStatement()) {
                    s.execute(statement);
                }
                connection.commit();
                return null;
            });
        }

        void commit() throws SQLException {
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    private static Observation endpoint(String address, CertificateFacts leaf, String grade,
                                        List<ObservedFinding> findings, Instant at) {
        return endpoint(address, 443, List.of(leaf, CA), grade, findings, at);
    }

    private static Observation endpoint(String address, int port, List<CertificateFacts> chain, String grade,
                                        List<ObservedFinding> findings, Instant at) {
        return new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", port, "", "https", List.of("TLSv1.3"), Map.of(), grade, grade,
                        Optional.empty())), chain, findings, "SCAN", at);
    }

    private static long idOf(DSLContext sql, CertificateFacts certificate) {
        return sql.fetchOne("select id from certificate where certhash = ?", certificate.certhash()).get(0, Long.class);
    }

    private static String body(DSLContext sql, long id) {
        byte[] body = sql.fetchOne("select body from certificate_document where certificate_id = ?", id)
                .get(0, byte[].class);
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}
