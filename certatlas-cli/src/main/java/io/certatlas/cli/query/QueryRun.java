package io.certatlas.cli.query;

import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.client.CertViewClient;
import io.certatlas.client.csv.CsvFormat;
import io.certatlas.client.error.CertViewException;
import java.io.BufferedWriter;
import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of a {@code query} command: make the client, read the stream, write each item as it
 * comes, report progress and the client's notices on stderr, and turn what went wrong into an
 * exit code a script can rely on ({@link ExitCode}).
 */
final class QueryRun {

    private QueryRun() {}

    /** The items to list and how to write them. */
    record What<T>(String noun, Function<CertViewClient, Stream<T>> read, CsvFormat<T> csv, TableView<T> table,
                   Function<T, ObjectNode> json) {}

    /** The rule for --limit, checked before anything derived from it (a page size) can complain in its own words. */
    static void requireLimit(Optional<Long> limit) {
        if (limit.isPresent() && limit.get() < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, was " + limit.get());
        }
    }

    static <T> int run(String command, ServerOptions server, Optional<OutputFormat> requested, boolean quiet,
                       Optional<Long> limit, Function<String, String> environment, What<T> what) {
        PrintStream err = System.err;
        OutputFormat format = requested.orElse(interactive() ? OutputFormat.TABLE : OutputFormat.JSONL);
        AtomicReference<TerminalProgress> progress = new AtomicReference<>();
        CertViewClient client;
        try {
            requireLimit(limit);
            client = server.client(environment, notice -> {
                TerminalProgress shown = progress.get();
                if (shown != null) {
                    shown.message(command + ": " + notice);
                } else if (!quiet) {
                    err.println(command + ": " + notice);
                }
            });
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        AtomicLong written = new AtomicLong();
        long started = System.nanoTime();
        if (!quiet && format != OutputFormat.TABLE && interactive()) {
            progress.set(new TerminalProgress(err, () -> progressLine(command, what.noun(), written.get(), started)));
        }
        try (Stream<T> items = what.read().apply(client)) {
            Iterator<T> each = (limit.isPresent() ? items.limit(limit.get()) : items).iterator();
            // The first page is read (and the login done) before anything is written: a refused
            // login or a bad filter leaves stdout empty, not a header that looks like an empty result.
            boolean any = each.hasNext();
            try (Listing<T> listing = new Listing<>(format, out, what.csv(), what.table(), what.json())) {
                while (any) {
                    listing.add(each.next());
                    written.incrementAndGet();
                    any = each.hasNext();
                }
            }
        } catch (CertViewException e) {
            flushQuietly(out);
            stop(progress);
            err.println(command + ": " + e.getMessage() + (written.get() > 0 ? " (" + written.get() + " " + what.noun()
                    + " were written before)" : ""));
            return ExitCode.of(e);
        } catch (UncheckedIOException e) {
            stop(progress);
            err.println(command + ": cannot write the output: " + e.getCause().getMessage());
            return ExitCode.OUTPUT_FAILED;
        } catch (IllegalArgumentException e) {
            stop(progress);
            err.println(command + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        stop(progress);
        if (System.out.checkError()) {
            err.println(command + ": cannot write the output (closed or full)");
            return ExitCode.OUTPUT_FAILED;
        }
        return ExitCode.OK;
    }

    static String progressLine(String command, String noun, long written, long startedNanos) {
        double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
        return String.format(java.util.Locale.ROOT, "%s: %,d %s written (%,.0f/s, %.0f s)", command, written, noun,
                written / seconds, seconds);
    }

    private static void stop(AtomicReference<TerminalProgress> progress) {
        TerminalProgress shown = progress.getAndSet(null);
        if (shown != null) {
            shown.close();
        }
    }

    private static void flushQuietly(Writer out) {
        try {
            out.flush();
        } catch (java.io.IOException e) {
            // the error being reported matters more
        }
    }

    /** Whether a person is at a terminal (from JDK 22 a console exists for redirected streams too). */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
