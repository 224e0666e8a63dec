package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certatlas backup} and {@code restore} as an operator runs them: a store with three
 * imported certificates backed up (refused over an existing file without --force), restored into
 * a new data directory where {@code status} counts the same certificates, and the errors with
 * their exit codes: a missing file, a store that is not empty, a data directory without a store.
 */
class BackupCommandTest {

    @TempDir
    Path dir;

    private static CommandCapture.Run run(String... arguments) {
        return CommandCapture.run(new CertAtlasCommand(), arguments);
    }

    private static String dbUrl(String url) {
        return url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                + "&password=" + TestDatabase.server().password();
    }

    @Test
    void backsUpRestoresIntoANewDataDirectoryAndRefusesWhatItMustNotDo() throws Exception {
        String source = dbUrl(TestDatabase.freshJdbcUrl());
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Backup Test CA").withKeyType(KeyType.EC_P256));
        KeyPair keys = KeyType.EC_P256.generate();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(certs.resolve(i + ".pem"), ca.issue(CertificateSpec.leaf("backup" + i + ".example"), keys).pem());
        }
        Path sourceData = Files.createDirectories(dir.resolve("source-data"));
        Files.writeString(sourceData.resolve("jwt-signing-key"), "0f".repeat(32));
        CommandCapture.Run imported = run("import", "--db-url", source, certs.toString());
        assertThat(imported.exitCode()).as(imported.both()).isZero();

        Path file = dir.resolve("store.backup");
        CommandCapture.Run backup = run("backup", "--db-url", source, "--data-dir", sourceData.toString(), file.toString());
        assertThat(backup.exitCode()).as(backup.both()).isZero();
        assertThat(backup.out()).containsPattern("backup: \\d+ tables, [\\d,]+ rows \\(.* of data, file .*\\), schema version \\d+, in \\d+\\.\\d s: " + file)
                .contains("with the keys of " + sourceData + " (jwt-signing-key)")
                .doesNotContain(TestDatabase.server().password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        CommandCapture.Run again = run("backup", "--db-url", source, "--data-dir", sourceData.toString(), file.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("certatlas backup: " + file + " already exists: give another file name, or --force to replace it");
        CommandCapture.Run forced = run("backup", "--db-url", source, "--data-dir", sourceData.toString(), "--force", file.toString());
        assertThat(forced.exitCode()).as(forced.both()).isZero();

        CommandCapture.Run missing = run("restore", "--db-url", dbUrl(TestDatabase.freshJdbcUrl()), dir.resolve("nope.backup").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("certatlas restore: no backup file " + dir.resolve("nope.backup"));

        CommandCapture.Run notEmpty = run("restore", "--db-url", source, "--data-dir", sourceData.toString(), file.toString());
        assertThat(notEmpty.exitCode()).isEqualTo(1);
        assertThat(notEmpty.err()).contains("is not empty: it holds rows in").contains("certificate")
                .contains("restore into a new --data-dir or an empty database (nothing was changed)");

        CommandCapture.Run noStore = run("backup", "--data-dir", dir.resolve("nothing-here").toString(), dir.resolve("x.backup").toString());
        assertThat(noStore.exitCode()).isEqualTo(3);
        assertThat(noStore.err()).contains("there is no CertAtlas store in " + dir.resolve("nothing-here"));
        assertThat(dir.resolve("x.backup")).doesNotExist();

        Path data = dir.resolve("restored");
        CommandCapture.Run restore = run("restore", "--data-dir", data.toString(), file.toString());
        assertThat(restore.exitCode()).as(restore.both()).isZero();
        assertThat(restore.out()).containsPattern("restore: \\d+ tables, [\\d,]+ rows \\(.*\\) at schema version \\d+ into the"
                        + " embedded store in " + data + ", migrated to version \\d+, in \\d+\\.\\d s")
                .contains("keys written to " + data + " (owner-only): jwt-signing-key");
        assertThat(Files.readString(data.resolve("jwt-signing-key"))).isEqualTo("0f".repeat(32));

        CommandCapture.Run status = run("status", "--data-dir", data.toString());
        assertThat(status.exitCode()).as(status.both()).isZero();
        assertThat(status.out()).contains("inventory:    3 certificates");
    }
}
