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
}
