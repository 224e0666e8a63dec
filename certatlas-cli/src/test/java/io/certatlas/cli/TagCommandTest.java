package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certatlas tag ...} on a fresh local store: the API's rules for names and patterns, and usage errors as such. */
class TagCommandTest {

    @TempDir
    Path dir;

    @Test
    void aNameWithAControlCharacterAndAnEmptyPatternAreUsageErrors() {
        String data = dir.resolve("data").toString();
        CommandCapture.Run added = CommandCapture.run(new TagCommand(), "add", "Production", "--data-dir", data);
        assertThat(added.exitCode()).as(added.both()).isZero();

        CommandCapture.Run newline = CommandCapture.run(new TagCommand(), "add", "Prod\nAdmin", "--data-dir", data);
        assertThat(newline.exitCode()).isEqualTo(2);
        assertThat(newline.err()).contains("may hold only letters, digits", "'Prod\\u000aAdmin'");
        CommandCapture.Run escape = CommandCapture.run(new TagCommand(), "add", "Prod\u001b[2J", "--data-dir", data);
        assertThat(escape.exitCode()).isEqualTo(2);
        assertThat(escape.err()).contains("Prod\\u001b[2J").doesNotContain("\u001b");
        assertThat(CommandCapture.run(new TagCommand(), "list", "--data-dir", data).out().lines()).hasSize(1);

        for (String pattern : new String[] {"", "  "}) {
            CommandCapture.Run empty = CommandCapture.run(new TagCommand(), "assign", "Production", pattern, "--data-dir", data);
            assertThat(empty.exitCode()).as("'" + pattern + "'").isEqualTo(2);
            assertThat(empty.err()).contains("pattern is empty");
        }
    }
}
