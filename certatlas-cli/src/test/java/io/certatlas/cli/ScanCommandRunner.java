package io.certatlas.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code certatlas scan} in-process with a password in its environment, capturing what it prints. */
public final class ScanCommandRunner {

    public record Run(int exitCode, String output) {
    }

    private ScanCommandRunner() {}

    /** One run at a time: the command prints to System.out and System.err, which this swaps. */
    public static synchronized Run run(String password, String... arguments) {
        ScanCommand command = new ScanCommand();
        command.environment = name -> name.equals("CERTATLAS_PASSWORD") ? password : null;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = new CommandLine(command).execute(arguments);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
