package io.certatlas.cli.progress;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line progress display: on a terminal the line is redrawn in place a few times a
 * second; elsewhere (a pipe, a log file, CI) a plain line is printed every few seconds, so logs
 * stay readable.
 */
public final class TerminalProgress implements AutoCloseable {

    private final PrintStream out;
    private final Supplier<String> line;
    private final boolean terminal;
    private final Thread ticker;
    private volatile boolean running = true;
    private int lastWidth;

    public TerminalProgress(PrintStream out, Supplier<String> line) {
        this(out, line, System.console() != null);
    }

    public TerminalProgress(PrintStream out, Supplier<String> line, boolean terminal) {
        this.out = out;
        this.line = line;
        this.terminal = terminal;
        long periodMillis = terminal ? 200 : 5_000;
        this.ticker = Thread.ofPlatform().daemon().name("progress").start(() -> {
            while (running) {
                try {
                    TimeUnit.MILLISECONDS.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (running) {
                    draw();
                }
            }
        });
    }

    /** Prints a message above the progress line (a rejected file, a warning). */
    public synchronized void message(String text) {
        clearLine();
        out.println(text);
    }

    /**
     * Prints a line of the command's report to {@code results} (standard output, so that
     * {@code > report.txt} keeps it), after clearing the progress line, which may share the
     * terminal.
     */
    public synchronized void result(PrintStream results, String text) {
        clearLine();
        out.flush();
        results.println(text);
        results.flush();
    }

    private void clearLine() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    private synchronized void draw() {
        String text = line.get();
        if (terminal) {
            out.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Stops redrawing and leaves the final state on its own line. */
    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        try {
            ticker.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            draw();
            if (terminal) {
                out.println();
            }
        }
    }

    /** {@code [#####.....]} for a fraction in 0..1. */
    public static String bar(double fraction, int width) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
