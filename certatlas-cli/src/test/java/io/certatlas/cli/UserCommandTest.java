package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code certatlas user ...} on a fresh local store: a role change, and passwords measured in bytes. */
class UserCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String output) {
    }

    /** One run at a time: the command reads System.in and prints to System.out and System.err, which this swaps. */
    static synchronized Run run(String input, String... arguments) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = new CommandLine(new UserCommand()).execute(arguments);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    @Test
    void aRoleIsChangedAndAPasswordOverSeventyTwoBytesIsRefusedSayingSo() {
        String data = dir.resolve("data").toString();
        Run added = run("a long enough password\n", "add", "alice", "--data-dir", data);
        assertThat(added.exitCode()).as(added.output()).isZero();

        Run role = run("", "role", "alice", "manager", "--data-dir", data);
        assertThat(role.exitCode()).as(role.output()).isZero();
        assertThat(role.output()).contains("now alice (manager)");
        assertThat(run("", "list", "--data-dir", data).output()).contains("alice (manager)");

        Run tooLong = run("é".repeat(40) + "\n", "password", "alice", "--data-dir", data);
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.output()).contains("at most 72 bytes").contains("80 bytes");

        // One rule for the command line and the API (Passwords): white space alone is no password.
        Run blank = run(" ".repeat(12) + "\n", "add", "bob", "--data-dir", data);
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.output()).contains("may not be only spaces or other white space");
        assertThat(run("", "list", "--data-dir", data).output()).doesNotContain("bob");
        // Nothing piped in and no terminal: the message says where a password comes from.
        Run none = run("", "add", "carol", "--data-dir", data);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.output()).contains("no password given").contains("standard input");

        Run unknownRole = run("", "role", "alice", "owner", "--data-dir", data);
        assertThat(unknownRole.exitCode()).isEqualTo(2);
        assertThat(unknownRole.output()).contains("role must be 'manager' or 'user'");
    }
}
