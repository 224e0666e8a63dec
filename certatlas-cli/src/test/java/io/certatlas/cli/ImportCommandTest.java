package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code certatlas import} end to end in-process: a fresh data directory (the embedded PostgreSQL
 * is initialised and started while the files are read), the summary, and the server stopped again.
 */
class ImportCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String output) {
    }

    /** One run at a time: the command prints to System.out and System.err, which this swaps. */
    static synchronized Run run(String... arguments) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = new CommandLine(new ImportCommand()).execute(arguments);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void importsIntoAFreshDataDirectoryReportsRejectionsAndStopsTheServerItStarted() throws Exception {
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("CLI Import Test CA").withKeyType(KeyType.EC_P256));
        KeyPair keys = KeyType.EC_P256.generate();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(certs.resolve(i + ".pem"), ca.issue(CertificateSpec.leaf("cli" + i + ".example.com"), keys).pem());
        }
        Files.writeString(certs.resolve("notes.txt"), "not a certificate\n");
        Path data = dir.resolve("data");

        Run first = run("--data-dir", data.toString(), certs.toString());
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(first.output())
                .contains("21 files read, 20 certificates read: 20 new, 0 already known, 1 files rejected")
                .contains("rejected " + certs.resolve("notes.txt"));
        // The import started the embedded PostgreSQL, so it stopped it: no server holds the cluster.
        assertThat(data.resolve("pg/PG_VERSION")).exists();
        assertThat(data.resolve("pg/postmaster.pid")).doesNotExist();

        Run second = run("--data-dir", data.toString(), certs.toString());
        assertThat(second.output()).contains("20 certificates read: 0 new, 20 already known, 1 files rejected");
    }

    @Test
    void aMissingPathIsRefusedWithExitCodeTwoBeforeTheStoreIsTouched() {
        Path data = dir.resolve("untouched");
        Run run = run("--data-dir", data.toString(), dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("there is no file or directory").contains("nope");
        assertThat(data).doesNotExist();
    }

    @Test
    void aBundleOfMoreThanTenThousandCertificatesIsReadWhole() throws Exception {
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Big Bundle CA").withKeyType(KeyType.EC_P256));
        KeyPair keys = KeyType.EC_P256.generate();
        // The same leaf again and again (issuing 10,000 would take minutes): what counts is that
        // every block is read, and the count of certificates read shows it.
        String leaf = ca.issue(CertificateSpec.leaf("bundle.example.com"), keys).pem();
        StringBuilder bundle = new StringBuilder(ca.certificate().pem());
        for (int i = 0; i < 10_049; i++) {
            bundle.append("# copy ").append(i).append('\n').append(leaf);
        }
        Path file = Files.writeString(dir.resolve("bundle.pem"), bundle);

        Run run = run("--data-dir", dir.resolve("data").toString(), file.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
        assertThat(run.output()).contains("1 files read, 10,050 certificates read: 2 new, 10,048 already known, 0 files rejected");
    }

    @Test
    void aFileOverTheSizeLimitIsReportedWithItsRealSizeAndTheOptionThatRaisesIt() throws Exception {
        Path big = dir.resolve("disk.img");
        Files.write(big, new byte[17 << 20]);
        Run run = run("--data-dir", dir.resolve("data").toString(), big.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("is 17,825,792 bytes (17.0 MiB), over the limit of 16,777,216 bytes (16.0 MiB)")
                .contains("--max-file-mib 17").contains("TOO_LARGE");

        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Size Limit CA").withKeyType(KeyType.EC_P256));
        Path small = Files.writeString(dir.resolve("ca.pem"), ca.certificate().pem());
        Run limited = run("--data-dir", dir.resolve("data").toString(), "--max-file-mib", "1", small.toString());
        assertThat(limited.exitCode()).as(limited.output()).isEqualTo(0);
        assertThat(run("--data-dir", dir.resolve("data").toString(), "--max-file-mib", "0", small.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aFileReadInPartIsReportedAndTheExitCodeSaysSo() throws Exception {
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Part CA").withKeyType(KeyType.EC_P256));
        Path file = Files.writeString(dir.resolve("part.pem"), ca.certificate().pem()
                + "-----BEGIN CERTIFICATE-----\nMIIBbroken!!\n-----END CERTIFICATE-----\n"
                + ca.issue(CertificateSpec.leaf("part.example.com")).pem());
        Run run = run("--data-dir", dir.resolve("data").toString(), file.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("2 certificates read: 2 new").contains("read in part, 2 certificates imported");
    }
}
