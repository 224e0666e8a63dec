package io.certatlas.cli.check;

import io.certatlas.cli.query.ServerOptions;
import io.certatlas.client.CertViewClient;
import io.certatlas.client.CertificateQuery;
import io.certatlas.client.RetryPolicy;
import io.certatlas.client.SortKey;
import io.certatlas.client.error.CertViewException;
import io.certatlas.client.error.RequestRejected;
import io.certatlas.client.error.ResultWindowExceeded;
import io.certatlas.client.model.Certificate;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certatlas check}: a Nagios/Icinga plugin over the inventory. It asks the server (CertAtlas
 * or a Qualys gateway, through the same client as {@code query}) for the certificates matching
 * the filter that end within the warning window, soonest first, and answers as plugins do: one
 * status line with performance data, the certificates below it, and exit code 0, 1, 2 or 3.
 */
@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 3, exitCodeOnExecutionException = 3,
        description = {"A Nagios/Icinga-style check: are certificates matching the filter about to expire?",
                "CRITICAL when one has expired or ends within --critical, WARNING when one ends within --warning, else OK.",
                "", "Password: $CERTATLAS_PASSWORD (set it in the monitor's environment; never an argument)."},
        footer = {"", "Exit codes (the plugin guidelines'): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a wrong option, the server"
                + " unreachable or untrusted, the login, access or the filter refused).", "",
                "Example: certatlas check --url https://certatlas:8443 --user nagios --fingerprint SHA256 \\",
                "           --filter 'asset:(tags.name:Production) and not renewal.renewed:true' --warning 30d --critical 7d",
                "(renewal.renewed is CertAtlas's: it leaves out certificates already replaced where they were served.)"})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Option(names = {"-f", "--filter"}, paramLabel = "QQL", defaultValue = "",
            description = "Which certificates to watch, in QQL (default: every certificate the user may see).")
    String filter;

    @Option(names = {"-w", "--warning"}, paramLabel = "WINDOW", defaultValue = "30d",
            description = "WARNING when a certificate ends within this: 12h, 30d, 2w, or days (default: ${DEFAULT-VALUE}).")
    String warning;

    @Option(names = {"-c", "--critical"}, paramLabel = "WINDOW", defaultValue = "7d",
            description = "CRITICAL when a certificate ends within this or has ended (default: ${DEFAULT-VALUE}).")
    String critical;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "50",
            description = "Seconds the whole check may take, retries included, before it answers UNKNOWN; keep it under"
                    + " the monitor's own plugin timeout (default: ${DEFAULT-VALUE}).")
    int timeout;

    /**
     * A monitor kills a plugin after about a minute and runs it again soon: a short retry is
     * worth it, but a server that asks for a longer wait (a login locked out, an overload) is
     * reported at once as UNKNOWN with its reason, instead of a plugin timeout without one.
     */
    static final RetryPolicy PLUGIN_PATIENCE = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4),
            Duration.ofSeconds(10));

    /** The process environment; tests give the password here, as a monitor's environment does. */
    public Function<String, String> environment = System::getenv;

    /** The time the check runs at; tests fix it. */
    public Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ExpiryWindow warn;
        ExpiryWindow crit;
        CertViewClient client;
        try {
            warn = ExpiryWindow.parse(warning);
            crit = ExpiryWindow.parse(critical);
            if (crit.duration().compareTo(warn.duration()) > 0) {
                throw new IllegalArgumentException("--critical " + crit + " is longer than --warning " + warn
                        + ": the critical window lies inside the warning one");
            }
            client = server.client(environment, notice -> { }, PLUGIN_PATIENCE);
        } catch (IllegalArgumentException e) {
            return unknown(out, e.getMessage());
        }
        if (timeout < 1) {
            return unknown(out, "--timeout is whole seconds, 1 or more, was " + timeout);
        }
        // A server that accepts and never answers would hold the check for its read timeout on every
        // attempt; the monitor would kill it first and show no reason. The deadline answers instead.
        FutureTask<Expiring> reading = new FutureTask<>(() -> expiring(client, warn));
        Thread reader = Thread.ofVirtual().name("check-reader").start(reading);
        Expiring found;
        try {
            found = reading.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            reader.interrupt();
            return unknown(out, "no answer from " + client.url() + " within " + timeout + " s (--timeout)");
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            return unknown(out, "interrupted before the server answered");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RequestRejected rejected && !filter.isBlank()) {
                return unknown(out, inUsersColumns(rejected.getMessage()));
            }
            if (e.getCause() instanceof CertViewException refused) {
                return unknown(out, refused.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        }
        if (found.incomplete() && found.certificates().isEmpty()) {
            return unknown(out, "the server refused the list at its record window before any certificate: narrow --filter");
        }
        Instant now = clock.instant();
        ExpiryReport report = new ExpiryReport(found.certificates(), now, warn, crit, found.incomplete());
        out.print(report.render());
        out.flush();
        return report.state().exitCode();
    }

    /** What the server listed: the certificates ending within the warning window, and whether v1's window cut the list. */
    private record Expiring(List<ExpiryReport.Expiring> certificates, boolean incomplete) {}

    private Expiring expiring(CertViewClient client, ExpiryWindow warn) {
        // The window goes to the server, so that only the few certificates near their end cross the
        // network, and v1's 10,000-record window is met only by that many expiring at once.
        String qql = (filter.isBlank() ? "" : "(" + filter + ") and ") + "validToDate < " + warn.qqlEnd();
        CertificateQuery query = CertificateQuery.all().withFilter(qql).sortedBy(List.of(new SortKey("validTo", false)));
        List<ExpiryReport.Expiring> expiring = new ArrayList<>();
        try (Stream<Certificate> certificates = client.certificates(query)) {
            Iterator<Certificate> each = certificates.iterator();
            while (each.hasNext()) {
                Certificate c = each.next();
                c.validTo().ifPresent(end -> expiring.add(new ExpiryReport.Expiring(c.certhash(), nameOf(c), end)));
            }
        } catch (ResultWindowExceeded e) {
            return new Expiring(expiring, true);
        }
        return new Expiring(expiring, false);
    }

    /**
     * The server counts columns in the filter as sent, which opens with the parenthesis around the
     * user's: a column inside it is one to the left in what the user typed.
     */
    private String inUsersColumns(String message) {
        Matcher column = COLUMN.matcher(message);
        if (!column.find()) {
            return message;
        }
        int sent = Integer.parseInt(column.group(1));
        int typed = Math.max(1, Math.min(sent - 1, filter.length() + 1));
        return message.substring(0, column.start(1)) + typed + message.substring(column.end(1));
    }

    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");

    private static String nameOf(Certificate c) {
        String cn = c.subject().name();
        return cn.isBlank() ? (c.dn().isBlank() ? "(no subject)" : c.dn()) : "CN=" + cn;
    }

    /**
     * Answers a command line picocli cannot parse as a plugin must: the UNKNOWN status line on
     * standard output (a monitor shows only that, "(No output)" otherwise) and exit code 3. The
     * parse errors of every other command go to {@code otherwise}.
     */
    public static CommandLine.IParameterExceptionHandler parseErrorsAsUnknown(CommandLine.IParameterExceptionHandler otherwise) {
        return (error, arguments) -> {
            if (!(error.getCommandLine().getCommand() instanceof CheckCommand)) {
                return otherwise.handleParseException(error, arguments);
            }
            java.io.PrintWriter err = error.getCommandLine().getErr();
            err.println("Try 'certatlas check --help' for the options.");
            err.flush();
            return unknown(System.out, error.getMessage());
        };
    }

    private static int unknown(PrintStream out, String why) {
        out.println("CERTATLAS UNKNOWN - " + why.replace('\n', ' ').replace('|', '/'));
        out.flush();
        return PluginState.UNKNOWN.exitCode();
    }
}
