package io.certatlas.cli.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.CertAtlasCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code certatlas --help} (and a group's help) lists each command with the first line of its
 * description: that line must be a whole sentence, not a sentence cut where the source wrapped it,
 * and the full description that {@code COMMAND --help} prints must end where a sentence ends.
 */
class CommandSummaryTest {

    @Test
    void everyCommandsSummaryIsASentenceAndItsDescriptionEndsWhole() {
        List<String> cut = new ArrayList<>();
        visit(new CommandLine(new CertAtlasCommand()), cut);
        assertThat(cut).as("commands whose summary or description is cut").isEmpty();
    }

    @Test
    void theCommandListShowsEachSummaryWhole() {
        String help = new CommandLine(new CertAtlasCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help.replaceAll("\\s+", " "))
                .contains("scan Scan host names, addresses and CIDR ranges for TLS endpoints, grade them and record them in"
                        + " the inventory.");
    }

    private static void visit(CommandLine command, List<String> cut) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.usageMessage().hidden() || spec.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        String[] description = spec.usageMessage().description();
        if (description.length == 0 || !endsASentence(description[0])) {
            cut.add(spec.qualifiedName() + " summary: " + (description.length == 0 ? "(none)" : description[0]));
        } else if (!endsASentence(description[description.length - 1])) {
            cut.add(spec.qualifiedName() + " description ends: " + description[description.length - 1]);
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> visit(sub, cut));
    }

    private static boolean endsASentence(String line) {
        String text = line.strip();
        return text.endsWith(".") || text.endsWith(".)") || text.endsWith("?") || text.endsWith(".\"");
    }
}
