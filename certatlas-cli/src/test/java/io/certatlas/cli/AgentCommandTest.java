package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import io.certatlas.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certatlas agent create|list|revoke} on a local store, and the scanner's refusal of a
 * token file that others may read: the secret goes only into an owner-only file, never into a
 * listing.
 */
class AgentCommandTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsWrittenOwnerOnlyListedWithoutItsSecretAndRevoked() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        String db = url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                + "&password=" + TestDatabase.server().password();
        Path file = dir.resolve("dmz.token");
        CommandCapture.Run created = CommandCapture.run(new AgentCommand(), "create", "dmz-scanner-1", "--zone", "dmz",
                "--token-file", file.toString(), "--db-url", db);
        assertThat(created.exitCode()).as(created.both()).isZero();
        assertThat(created.out()).contains("dmz-scanner-1").contains("zone dmz").contains("token written to " + file);
        String token = Files.readString(file).strip();
        assertThat(token).startsWith("certatlas-agent_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String secret = token.substring(token.lastIndexOf('_') + 1);
        assertThat(created.both()).doesNotContain(secret);

        CommandCapture.Run again = CommandCapture.run(new AgentCommand(), "create", "dmz-scanner-1", "--zone", "dmz",
                "--token-file", dir.resolve("other.token").toString(), "--db-url", db);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already in force");
        assertThat(dir.resolve("other.token")).doesNotExist();

        CommandCapture.Run badZone = CommandCapture.run(new AgentCommand(), "create", "x", "--zone", "Not A Zone", "--db-url", db);
        assertThat(badZone.exitCode()).isEqualTo(2);
        assertThat(badZone.err()).contains("--zone: a zone name is");

        CommandCapture.Run listed = CommandCapture.run(new AgentCommand(), "list", "--db-url", db);
        assertThat(listed.exitCode()).as(listed.both()).isZero();
        assertThat(listed.out()).contains("dmz-scanner-1").contains("in force").doesNotContain(secret);

        CommandCapture.Run revoked = CommandCapture.run(new AgentCommand(), "revoke", "dmz-scanner-1", "--db-url", db);
        assertThat(revoked.exitCode()).as(revoked.both()).isZero();
        assertThat(CommandCapture.run(new AgentCommand(), "list", "--db-url", db).out()).contains("revoked").doesNotContain("in force");
        assertThat(CommandCapture.run(new AgentCommand(), "revoke", "nobody", "--db-url", db).err()).contains("no agent token");
    }

    @Test
    void theScannerRefusesATokenFileOthersMayReadOrThatHoldsNoToken() throws Exception {
        Path open = dir.resolve("open.token");
        Files.writeString(open, "certatlas-agent_0123456789abcdef_" + "0".repeat(64));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        CommandCapture.Run refused = CommandCapture.run(new ScannerCommand(), "--server", "https://127.0.0.1:1", "--token-file", open.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("chmod 600 " + open);

        Path wrong = dir.resolve("password.txt");
        Files.createFile(wrong, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(wrong, "a manager password\n");
        CommandCapture.Run notAToken = CommandCapture.run(new ScannerCommand(), "--server", "https://127.0.0.1:1", "--token-file", wrong.toString());
        assertThat(notAToken.exitCode()).isEqualTo(2);
        assertThat(notAToken.err()).contains("does not hold an agent token").doesNotContain("a manager password");
    }

    @Test
    void serveRefusesABadZoneOrAgentLeaseBeforeItOpensTheStore() {
        CommandCapture.Run badZone = CommandCapture.run(new ServeCommand(), "--zone", "DMZ!", "--data-dir", dir.resolve("never").toString());
        assertThat(badZone.exitCode()).isEqualTo(2);
        assertThat(badZone.err()).contains("--zone: a zone name is").contains("'DMZ!'");

        CommandCapture.Run badLease = CommandCapture.run(new ServeCommand(), "--agent-lease", "1", "--data-dir", dir.resolve("never").toString());
        assertThat(badLease.exitCode()).isEqualTo(2);
        assertThat(badLease.err()).contains("--agent-lease must be from 2 to 3600 seconds");
        assertThat(dir.resolve("never")).doesNotExist();
    }
}
