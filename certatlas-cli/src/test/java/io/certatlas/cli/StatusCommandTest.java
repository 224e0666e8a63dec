package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code certatlas status} on a store with three imported certificates: what it holds and where the bytes are. */
class StatusCommandTest {

    @TempDir
    Path dir;

    private static CommandCapture.Run run(String... arguments) {
        return CommandCapture.run(new CertAtlasCommand(), arguments);
    }

    @Test
    void reportsVersionsCountsAndTableSizes() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        String dbUrl = url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                + "&password=" + TestDatabase.server().password();
        Issuer ca = Issuer.selfSigned(CertificateSpec.authority("Status Test CA").withKeyType(KeyType.EC_P256));
        KeyPair keys = KeyType.EC_P256.generate();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(certs.resolve(i + ".pem"), ca.issue(CertificateSpec.leaf("status" + i + ".example"), keys).pem());
        }
        CommandCapture.Run imported = run("import", "--db-url", dbUrl, certs.toString());
        assertThat(imported.exitCode()).as(imported.both()).isZero();

        CommandCapture.Run text = run("status", "--db-url", dbUrl);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("PostgreSQL: +1\\d\\.\\d+.*, schema version 33, database \\d+\\.\\d MiB")
                .contains("inventory:    3 certificates; scan jobs 0 queued, 0 running")
                .containsPattern("\\ncertificate +[0-9,]+ +\\d+\\.\\d KiB +\\d+\\.\\d KiB\\n")
                .contains("flyway_schema_history")
                .doesNotContain(TestDatabase.server().password());

        CommandCapture.Run json = run("status", "--db-url", dbUrl, "--format", "json");
        JsonNode status = JsonMapper.builder().build().readTree(json.out());
        assertThat(status.get("certificates").asLong()).isEqualTo(3);
        assertThat(status.get("schemaVersion").asText()).isEqualTo("33");
        assertThat(status.get("tables").size()).isGreaterThan(10);
        assertThat(status.get("tables").get(0).get("tableBytes").asLong()).isPositive();

        CommandCapture.Run wrong = run("status", "--db-url", dbUrl, "--format", "yaml");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--format must be text or json, was yaml");
    }

    @Test
    void aMistypedDataDirectoryIsRefusedAndNotCreated() throws Exception {
        Path typo = dir.resolve("certatlass");
        // In its own JVM: the command ends the process with exit code 3.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CertAtlasCommand.class.getName(),
                "status", "--data-dir", typo.toString());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(3);
        assertThat(err).contains("there is no CertAtlas store in " + typo).contains("give the store's --data-dir");
        assertThat(typo).doesNotExist();
    }
}
