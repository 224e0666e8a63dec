package io.certatlas.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a command in-process and captures what it prints on standard output and standard error, apart. */
public final class CommandCapture {

    public record Run(int exitCode, String out, String err) {
        /** Both streams, as a terminal would show them (standard output first). */
        public String both() {
            return out + err;
        }
    }

    private CommandCapture() {}

    /** One run at a time: the command prints to System.out and System.err, which this swaps. */
    public static synchronized Run run(Object command, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = CertAtlasCommand.configured(new CommandLine(command)).execute(arguments);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
