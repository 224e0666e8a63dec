package io.certatlas.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code user}, {@code tag}, ...): run alone, it shows its usage. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
