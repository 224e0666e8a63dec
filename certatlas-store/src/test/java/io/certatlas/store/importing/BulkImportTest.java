package io.certatlas.store.importing;

import io.certatlas.x509.read.RejectReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkImportTest {

    static Issuer root;
    static Issuer intermediate;
    static KeyPair leafKeys;

    @TempDir
    Path dir;
    Database db;

    @BeforeAll
    static void pki() {
        root = Issuer.selfSigned(CertificateSpec.authority("Import Test Root").withKeyType(KeyType.EC_P256));
        intermediate = root.issueAuthority(CertificateSpec.authority("Import Test Issuing CA").withKeyType(KeyType.EC_P256));
        leafKeys = KeyType.EC_P256.generate();
    }

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
    }

    @AfterEach
    void close() {
        db.close();
    }

    IssuedCertificate leaf(String host) {
        return intermediate.issue(CertificateSpec.leaf(host), leafKeys);
    }

    ImportSummary importAll(List<Rejection> rejected, Path... paths) {
        return new BulkImport(db, CertificateAnalyzer.standard(), 2)
                .run(List.of(paths), Optional.of("changeit"), new ImportListener() {
                    @Override
                    public synchronized void rejected(Rejection rejection) {
                        rejected.add(rejection);
                    }
                });
    }

    @Test
    void importsEveryFormatReportsEachRejectedFileAndAddsNothingTheSecondTime() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs/sub"));
        for (int i = 0; i < 25; i++) {
            Files.writeString(certs.resolve("web" + i + ".pem"), leaf("web" + i + ".example.com").pem());
        }
        Files.write(dir.resolve("certs/mail.der"), leaf("mail.example.com").der());
        IssuedCertificate api = leaf("api.example.com");
        Files.writeString(dir.resolve("certs/api-fullchain.pem"),
                api.pem() + intermediate.certificate().pem() + root.certificate().pem());
        IssuedCertificate vpn = leaf("vpn.example.com");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("vpn", vpn.privateKey(), "changeit".toCharArray(),
                new Certificate[] {vpn.certificate(), intermediate.certificate().certificate()});
        try (OutputStream out = Files.newOutputStream(dir.resolve("certs/vpn.p12"))) {
            p12.store(out, "changeit".toCharArray());
        }
        Files.writeString(dir.resolve("certs/README.txt"), "not a certificate\n");
        Files.writeString(dir.resolve("certs/key.pem"), vpn.privateKeyPem());
        Files.write(dir.resolve("certs/broken.der"), Arrays.copyOf(leaf("broken.example.com").der(), 100));

        List<Rejection> rejected = new ArrayList<>();
        ImportSummary first = importAll(rejected, dir.resolve("certs"));

        assertThat(first.filesRead()).isEqualTo(31);
        // 25 + mail + (api, intermediate, root) + (vpn, intermediate again)
        assertThat(first.certificatesRead()).isEqualTo(31);
        assertThat(first.newCertificates()).isEqualTo(30);
        // The intermediate's second sighting: read twice, new once.
        assertThat(first.alreadyKnown()).isEqualTo(1);
        assertThat(first.rejectedFiles()).isEqualTo(3);
        Map<String, RejectReason> reasons = rejected.stream()
                .collect(Collectors.toMap(r -> r.path().getFileName().toString(), Rejection::reason));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "README.txt", RejectReason.NOT_A_CERTIFICATE,
                "key.pem", RejectReason.NOT_A_CERTIFICATE,
                "broken.der", RejectReason.MALFORMED_DER));
        assertThat(rejected).filteredOn(r -> r.path().endsWith("key.pem")).singleElement()
                .extracting(Rejection::detail).asString().contains("PRIVATE KEY");

        Record web = db.dsl().fetchOne("SELECT sources, imported, issuer_certhash, type FROM certificate WHERE subject_name = 'web3.example.com'");
        assertThat(web.get("sources", String[].class)).containsExactly("IMPORT");
        assertThat(web.get("imported", Boolean.class)).isTrue();
        // Its issuer came in another file: linked once everything was in.
        assertThat(web.get("issuer_certhash", String.class)).isEqualTo(
                db.dsl().fetchValue("SELECT certhash FROM certificate WHERE subject_name = 'Import Test Issuing CA'"));
        assertThat(db.dsl().fetchValue("SELECT root_certhash FROM certificate WHERE subject_name = 'api.example.com'"))
                .isEqualTo(db.dsl().fetchValue("SELECT certhash FROM certificate WHERE subject_name = 'Import Test Root'"));

        List<Rejection> again = new ArrayList<>();
        ImportSummary second = importAll(again, dir.resolve("certs"));
        assertThat(second.newCertificates()).isZero();
        assertThat(second.alreadyKnown()).isEqualTo(31);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo(30L);
    }

    @Test
    void aKeystoreWithTheWrongPasswordIsRejectedSayingSo() throws Exception {
        IssuedCertificate vpn = leaf("vpn2.example.com");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("vpn", vpn.privateKey(), "secret".toCharArray(), new Certificate[] {vpn.certificate()});
        Path file = dir.resolve("vpn.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, "secret".toCharArray());
        }
        List<Rejection> rejected = new ArrayList<>();
        ImportSummary summary = importAll(rejected, file);
        assertThat(summary.newCertificates()).isZero();
        assertThat(rejected).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.WRONG_PASSWORD);
    }

    @Test
    void aSymlinkedDirectoryIsImportedAndALoopOrADanglingLinkIsReportedNotSkippedSilently() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.pem"), leaf("linked.example.com").pem());
        Path walked = Files.createDirectories(dir.resolve("walked"));
        Files.writeString(walked.resolve("plain.pem"), leaf("plain.example.com").pem());
        Files.createSymbolicLink(walked.resolve("shared"), elsewhere);
        Files.createSymbolicLink(walked.resolve("loop"), walked);
        Files.createSymbolicLink(walked.resolve("gone.pem"), dir.resolve("no-such-file.pem"));

        List<Rejection> rejected = new ArrayList<>();
        ImportSummary summary = importAll(rejected, walked);

        assertThat(summary.newCertificates()).isEqualTo(2);
        assertThat(rejected).extracting(Rejection::reason)
                .containsExactlyInAnyOrder(RejectReason.SYMLINK_LOOP, RejectReason.UNREADABLE_FILE);
        assertThat(rejected).extracting(r -> r.path().getFileName().toString()).containsExactlyInAnyOrder("loop", "gone.pem");
    }

    @Test
    void manyFilesGoThroughSeveralBatches() throws Exception {
        int count = BulkImport.BATCH + 500;
        Path many = Files.createDirectories(dir.resolve("many"));
        // One PEM per certificate, as the benchmark does, but written from a few issued ones to stay quick:
        // distinct certificates need distinct DER, so each file gets its own.
        List<IssuedCertificate> issued = java.util.stream.IntStream.range(0, count).parallel()
                .mapToObj(i -> leaf("host" + i + ".example.com")).toList();
        for (int i = 0; i < count; i++) {
            Files.writeString(many.resolve(i + ".pem"), issued.get(i).pem());
        }
        ImportSummary summary = importAll(new ArrayList<>(), many);
        assertThat(summary.newCertificates()).isEqualTo(count);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo((long) count);
    }

    @Test
    void leavesGetTheirIssuerWhicheverComesFirst() throws Exception {
        Path leaves = Files.createDirectories(dir.resolve("leaves"));
        Files.writeString(leaves.resolve("a.pem"), leaf("a.example.com").pem());
        Path ca = Files.createDirectories(dir.resolve("ca"));
        Files.writeString(ca.resolve("issuing.pem"), intermediate.certificate().pem());
        Path later = Files.createDirectories(dir.resolve("later"));
        Files.writeString(later.resolve("b.pem"), leaf("b.example.com").pem());

        importAll(new ArrayList<>(), leaves);
        assertThat(db.dsl().fetchValue("SELECT issuer_certhash FROM certificate WHERE subject_name = 'a.example.com'")).isNull();
        importAll(new ArrayList<>(), ca);
        importAll(new ArrayList<>(), later);

        String issuer = String.valueOf(db.dsl().fetchValue(
                "SELECT certhash FROM certificate WHERE subject_name = 'Import Test Issuing CA'"));
        List<String> linked = db.dsl().fetch("SELECT issuer_certhash FROM certificate WHERE subject_name LIKE '_.example.com'")
                .map(r -> String.valueOf(r.get(0)));
        assertThat(linked).containsExactly(issuer, issuer);
    }

    @Test
    void readsWhileTheDatabaseOpensAndWritesOnceItIs() throws Exception {
        int count = BulkImport.BATCH * 2 + 10;
        Path many = writeLeaves("opening", count);
        CompletableFuture<Database> opening = new CompletableFuture<>();
        BulkImport bulk = new BulkImport(opening, CertificateAnalyzer.standard(), 2);
        CompletableFuture<ImportSummary> running = CompletableFuture.supplyAsync(
                () -> bulk.run(List.of(many), Optional.empty(), ImportListener.NONE));
        // Every file is read before the database is there; nothing can have been written.
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (bulk.progress().filesRead() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bulk.progress().filesRead()).isEqualTo(count);
        assertThat(bulk.progress().certificatesWritten()).isZero();
        assertThat(running).isNotDone();

        opening.complete(db);
        ImportSummary summary = running.get(2, TimeUnit.MINUTES);
        assertThat(summary.newCertificates()).isEqualTo(count);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo((long) count);
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsTheImportWithItsReason() throws Exception {
        Path few = writeLeaves("few", 3);
        CompletableFuture<Database> opening = CompletableFuture.failedFuture(
                new io.certatlas.store.StoreUnavailableException("cannot connect to the test database: refused", null));
        assertThatThrownBy(() -> new BulkImport(opening, CertificateAnalyzer.standard(), 2)
                .run(List.of(few), Optional.empty(), ImportListener.NONE))
                .hasMessageContaining("cannot connect to the test database: refused");
    }

    @Test
    void twoImportsOfTheSameFilesAtOnceStoreEachCertificateOnce() throws Exception {
        // Both see the certificates as new and COPY them; one then meets the other's rows and
        // merges instead: no error, no duplicate, and between them every certificate is new once.
        int count = BulkImport.BATCH + 700;
        Path many = writeLeaves("twice", count);
        List<CompletableFuture<ImportSummary>> runs = java.util.stream.IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> new BulkImport(db, CertificateAnalyzer.standard(), 1)
                        .run(List.of(many), Optional.empty(), ImportListener.NONE)))
                .toList();
        List<ImportSummary> summaries = new ArrayList<>();
        for (CompletableFuture<ImportSummary> run : runs) {
            summaries.add(run.get(3, TimeUnit.MINUTES));
        }
        assertThat(summaries.stream().mapToLong(ImportSummary::newCertificates).sum()).isEqualTo(count);
        assertThat(summaries.stream().mapToLong(ImportSummary::alreadyKnown).sum()).isEqualTo(count);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo((long) count);
    }

    @Test
    void leavesReadBeforeTheirCaInTheSameImportAreWrittenLinkedNotUpdatedAfterwards() throws Exception {
        // More leaves than a batch, walked before the directory of their CA: they wait for it
        // instead of being written unlinked and then rewritten by the final UPDATE.
        Path leaves = writeLeaves("early", BulkImport.BATCH + 300);
        Path ca = Files.createDirectories(dir.resolve("ca"));
        Files.writeString(ca.resolve("issuing.pem"), intermediate.certificate().pem());
        db.dsl().execute("CREATE TABLE certificate_updates (n bigint NOT NULL)");
        db.dsl().execute("""
                CREATE FUNCTION count_certificate_updates() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO certificate_updates SELECT count(*) FROM changed; RETURN NULL; END $$""");
        db.dsl().execute("""
                CREATE TRIGGER certificate_updated AFTER UPDATE ON certificate REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION count_certificate_updates()""");

        ImportSummary summary = new BulkImport(db, CertificateAnalyzer.standard(), 2)
                .run(List.of(leaves, ca), Optional.empty(), ImportListener.NONE);

        assertThat(summary.newCertificates()).isEqualTo(BulkImport.BATCH + 301);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate WHERE issuer_certhash = "
                + "(SELECT certhash FROM certificate WHERE subject_name = 'Import Test Issuing CA')"))
                .isEqualTo((long) BulkImport.BATCH + 300);
        assertThat(db.dsl().fetchValue("SELECT coalesce(sum(n), 0) FROM certificate_updates")).hasToString("0");
    }

    @Test
    void theSameCertificateInTwoFilesIsOneNewAndOneAlreadyKnown() throws Exception {
        IssuedCertificate twice = leaf("twice.example.com");
        Path files = Files.createDirectories(dir.resolve("duplicates"));
        Files.writeString(files.resolve("a.pem"), twice.pem());
        Files.writeString(files.resolve("b.pem"), twice.pem());
        Files.writeString(files.resolve("c.pem"), leaf("once.example.com").pem());

        ImportSummary first = importAll(new ArrayList<>(), files);
        assertThat(first.certificatesRead()).isEqualTo(3);
        assertThat(first.newCertificates()).isEqualTo(2);
        assertThat(first.alreadyKnown()).isEqualTo(1);

        ImportSummary again = importAll(new ArrayList<>(), files);
        assertThat(again.newCertificates()).isZero();
        assertThat(again.alreadyKnown()).isEqualTo(3);
    }

    @Test
    void aBundleLargerThanTheReadBufferIsReadWhole() throws Exception {
        StringBuilder bundle = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            bundle.append("# certificate ").append(i).append('\n').append(leaf("bundle" + i + ".example.com").pem());
        }
        assertThat(bundle.length()).isGreaterThan(65_536);
        Path file = Files.writeString(dir.resolve("bundle.pem"), bundle);
        ImportSummary summary = importAll(new ArrayList<>(), file);
        assertThat(summary.certificatesRead()).isEqualTo(150);
        assertThat(summary.newCertificates()).isEqualTo(150);
    }

    Path writeLeaves(String name, int count) throws Exception {
        Path target = Files.createDirectories(dir.resolve(name));
        List<IssuedCertificate> issued = java.util.stream.IntStream.range(0, count).parallel()
                .mapToObj(i -> leaf(name + i + ".example.com")).toList();
        for (int i = 0; i < count; i++) {
            Files.writeString(target.resolve(i + ".pem"), issued.get(i).pem());
        }
        return target;
    }

    @Test
    void aMissingPathIsRefusedBeforeAnythingIsImported() {
        assertThatThrownBy(() -> importAll(new ArrayList<>(), dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("there is no file or directory")
                .hasMessageContaining("nope");
    }
}
