package io.certatlas.cli;

import io.certatlas.cli.check.CheckCommand;
import io.certatlas.cli.query.QueryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code certatlas} command. Each subcommand is one class beside this one. */
@Command(name = "certatlas",
        mixinStandardHelpOptions = true,
        version = "CertAtlas 0.1.0",
        description = "Self-hosted TLS certificate inventory that speaks the Qualys Certificate View API.",
        subcommands = {ServeCommand.class, ScanCommand.class, ImportCommand.class, DemoCommand.class,
                UserCommand.class, AgentCommand.class, ScannerCommand.class, TagCommand.class, AotTrainingCommand.class, CaCommand.class, QueryCommand.class, CheckCommand.class, ScheduleCommand.class, KeysCommand.class, StatusCommand.class, RetentionCommand.class, BackupCommand.class, RestoreCommand.class, CommandLine.HelpCommand.class})
public final class CertAtlasCommand extends CommandGroup {

    public static void main(String[] args) {
        // jOOQ prints a banner and a tip on first use unless told not to.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(configured(new CommandLine(new CertAtlasCommand())).execute(args));
    }

    /** What {@code main} sets beyond the annotations; tests run their commands through it too. */
    public static CommandLine configured(CommandLine line) {
        return line.setParameterExceptionHandler(CheckCommand.parseErrorsAsUnknown(line.getParameterExceptionHandler()));
    }
}
