package io.certatlas.cli.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.CertAtlasCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/operations.md's reference lists every option of every command with its default, made from
 * the commands themselves, and every environment variable CertAtlas reads: an option added, renamed
 * or given another default fails here until the reference says so.
 */
class OptionReferenceTest {

    private static final String BEGIN = "<!-- options:begin -->\n";
    private static final String END = "<!-- options:end -->";

    /** Every variable the code, the launcher and the test command read (grep CERTATLAS_ in src/main, ./certatlas, bin/). */
    private static final List<String> VARIABLES = List.of("CERTATLAS_ADMIN_PASSWORD", "CERTATLAS_DB_USER",
            "CERTATLAS_DB_PASSWORD", "CERTATLAS_DB_READ_USER", "CERTATLAS_DB_READ_PASSWORD", "CERTATLAS_PASSWORD", "CERTATLAS_CACHE_DIR", "CERTATLAS_LOG_FORMAT", "CERTATLAS_JAVA_OPTS", "CERTATLAS_AOT");

    @Test
    void theReferenceListsEveryOptionWithItsDefault() throws IOException {
        String text = Files.readString(Path.of("../docs/operations.md"));
        assertThat(text).contains(BEGIN, END);
        String published = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
        // what to paste between the markers when this fails
        Files.writeString(Path.of("target/option-reference.md"), markdown());
        assertThat(published)
                .as("docs/operations.md option reference; paste target/option-reference.md between the markers")
                .isEqualTo(markdown());
    }

    @Test
    void theReferenceNamesEveryEnvironmentVariable() throws IOException {
        String text = Files.readString(Path.of("../docs/operations.md"));
        for (String variable : VARIABLES) {
            assertThat(text).as(variable).contains("`" + variable + "`");
        }
    }

    static String markdown() {
        StringBuilder out = new StringBuilder();
        append(new CommandLine(new CertAtlasCommand()), out);
        return out.toString();
    }

    private static void append(CommandLine command, StringBuilder out) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.usageMessage().hidden() || spec.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        List<OptionSpec> options = spec.options().stream()
                .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp()).toList();
        if (!options.isEmpty() || !spec.positionalParameters().isEmpty()) {
            out.append("\n#### `").append(spec.qualifiedName()).append("`\n\n");
            out.append("| option | default | meaning |\n|---|---|---|\n");
            for (OptionSpec option : options) {
                String names = String.join(", ", option.names());
                String label = option.typeInfo().isBoolean() ? "" : " " + option.paramLabel();
                String defaultValue = option.defaultValue() == null || option.defaultValue().isEmpty()
                        ? "" : "`" + option.defaultValue() + "`";
                out.append("| `").append(names).append(label).append("` | ").append(defaultValue).append(" | ")
                        .append(describe(option.description())).append(" |\n");
            }
            for (var positional : spec.positionalParameters()) {
                if (positional.hidden()) {
                    continue;
                }
                out.append("| `").append(positional.paramLabel()).append("` (argument) | | ")
                        .append(describe(positional.description())).append(" |\n");
            }
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> append(sub, out));
    }

    /** The help text as `--help` prints it (picocli has already put the defaults in), on one table row. */
    private static String describe(String[] lines) {
        return String.join(" ", lines).replace("%n", " ").replace("|", "\\|").strip();
    }
}
