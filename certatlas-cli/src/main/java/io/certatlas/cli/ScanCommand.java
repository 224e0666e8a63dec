package io.certatlas.cli;

import io.certatlas.cli.output.OutputFormat;
import io.certatlas.cli.output.ScanOutput;
import io.certatlas.cli.output.TerminalText;
import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.cli.query.ExitCode;
import io.certatlas.cli.remote.ObservationUpload;
import io.certatlas.cli.remote.RemoteServer;
import io.certatlas.cli.remote.ServerLogin;
import io.certatlas.cli.remote.ServerRefused;
import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.EnumerationOutcome;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.ScanProgress;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.TlsProfile;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.grade.Grade;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.server.scanning.ObservedEndpoint;
import io.certatlas.server.scanning.ScanObservations;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.x509.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certatlas scan TARGET... -p PORTS}: discover TLS endpoints, capture their chains,
 * enumerate protocols and suites, grade them, list findings, and record every TLS endpoint in the
 * inventory (unless {@code --no-record}).
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan host names, addresses and CIDR ranges for TLS endpoints, grade them and record them in the inventory.",
                "For each TLS endpoint: capture the served chain, enumerate the protocol versions and cipher",
                "suites it accepts, grade it (SSL Labs rating guide 2009q, as Certificate",
                "View applies it) and list its findings (Qualys QIDs, or CertAtlas ids from",
                "9000000 up). Every TLS endpoint is recorded in the inventory (--data-dir or",
                "--db-url) unless --no-record is given, or with --server posted to a",
                "running CertAtlas server, which judges and records it (--user names a",
                "manager; the password comes from CERTATLAS_PASSWORD or is asked).",
                "A target may carry its port and protocol: 127.0.0.1:8443, [::1]:443,",
                "smtp://mail.internal:2525, ldap://dc1:1389 (see docs/scanning.md).",
                "Example: certatlas scan 10.0.0.0/28 web.internal smtp://mx:2525 -p 443,8443",
                "Exit code: 0 when the scan ran (whatever it found), 1 when some",
                "endpoints could not be recorded, 2 on bad arguments (or a range over",
                "--max-addresses without --force), 3 when the inventory cannot be opened",
                "or the server refuses the login, 4 when there is nothing to scan (no",
                "target resolves, or exclusions remove every address), 5 when the --user",
                "account is not a manager and so may not post results (checked before scanning),",
                "130 (SIGINT, Ctrl-C) or 143 (SIGTERM) when stopped: what was scanned is still",
                "printed, and --format json marks its summary \"interrupted\": true."})
public final class ScanCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--no-record", description = "Only print the results; record nothing in the inventory.")
    boolean noRecord;

    @Option(names = "--server", paramLabel = "URL",
            description = {"Post the results to this CertAtlas server,", "e.g. https://host:8443, not to the local inventory."})
    Optional<String> server;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "admin",
            description = "The manager account to post as (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--server-fingerprint", paramLabel = "SHA256",
            description = "Trust the server's certificate with this SHA-256 fingerprint (as 'serve' prints it) instead of the JDK's CAs.")
    Optional<String> serverFingerprint;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ObservationUpload.DEFAULT_BATCH_SIZE,
            description = "Endpoints per request to the server (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-enumerate",
            description = "Capture chains only: no protocol and suite enumeration, hence no grade and no protocol findings.")
    boolean noEnumerate;

    @Option(names = "--enumeration-budget", paramLabel = "SECONDS", defaultValue = "20",
            description = "Seconds the protocol and suite enumeration of one endpoint may take (default: ${DEFAULT-VALUE}).")
    double enumerationBudget;

    @Parameters(arity = "0..*", paramLabel = "TARGET",
            description = "Host names, IPv4/IPv6 addresses or CIDR ranges; host:port, [v6]:port; smtp://host:2525, ldap://host:1389.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-p", "--ports"}, paramLabel = "PORTS", defaultValue = "443",
            description = "Ports and ranges, e.g. 443,8443,9000-9010 (default: ${DEFAULT-VALUE}).")
    String ports;

    @Option(names = {"-f", "--targets-file"}, paramLabel = "FILE", description = "A file of targets ('#' starts a comment).")
    Optional<Path> targetsFile;

    @Option(names = {"-x", "--exclude"}, paramLabel = "TARGET", description = "Addresses, ranges or names never to touch (repeatable).")
    List<String> exclusions = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "A file of exclusions.")
    Optional<Path> excludeFile;

    @Option(names = "--force", description = "Allow a scan of more than --max-addresses addresses or "
            + ScanPlan.DEFAULT_ENDPOINT_LIMIT + " endpoints.")
    boolean force;

    @Option(names = "--max-addresses", paramLabel = "N", defaultValue = "" + ScanPlan.DEFAULT_ADDRESS_LIMIT,
            description = "Refuse a scan of more addresses than this without --force (default: ${DEFAULT-VALUE}, a /16).")
    long maxAddresses;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = {"text (default): a line per endpoint and a summary; json: one JSON document on",
                    "standard output; jsonl: one JSON line per endpoint, as each finishes",
                    "(docs/scan-output.schema.json). The summary goes to standard error then."})
    String format;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ScanOptions.DEFAULT_CONCURRENCY,
            description = "Endpoints in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N",
            description = "Connections to one address at once (default: " + ScanOptions.DEFAULT_PER_HOST_LIMIT
                    + ", or --concurrency when that is lower).")
    Optional<Integer> perHost;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "3",
            description = "Seconds a TCP connect may take before the port counts as filtered (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "8",
            description = "Seconds for the chain capture of one endpoint after connecting (default: ${DEFAULT-VALUE}).")
    double deadline;

    @Option(names = "--trust-store", paramLabel = "PEM", description = "Judge chains against these CA certificates instead of the JDK's.")
    Optional<Path> trustStore;

    @Option(names = "--starttls", paramLabel = "PROTOCOL|PORT=PROTOCOL,...",
            description = {"Pre-TLS step: smtp, imap, pop3, ftp, ldap, xmpp, postgres, rdp or none, for every port",
                    "(--starttls smtp), or per port (--starttls 2525=smtp,1389=ldap); default: by port."})
    Optional<String> starttls;

    @Option(names = "--all", description = "Also list closed, filtered and non-TLS endpoints.")
    boolean all;

    /** Exit code when no endpoint is left to scan (see the command's description). */
    static final int NOTHING_TO_SCAN = 4;
    /** Exit code when the --server account may not post results: query's "access denied", the same case. */
    static final int NOT_ALLOWED = ExitCode.ACCESS_DENIED;
    /** The role the server wants of an account that posts scan results (POST /api/v1/observations). */
    private static final String POSTING_ROLE = "manager";

    private OutputFormat output = OutputFormat.TEXT;

    /** The process environment; tests give the password here, as a user exports it. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        ScanPlan plan;
        ScanOptions options;
        OutputFormat output;
        try {
            output = OutputFormat.parse(format);
            ScanPlan.Builder builder = ScanPlan.builder().targets(targets).ports(ports).force(force).addressLimit(maxAddresses);
            targetsFile.ifPresent(builder::targetsFile);
            exclusions.forEach(builder::exclude);
            excludeFile.ifPresent(builder::excludeFile);
            plan = builder.build();
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas scan: " + e.getMessage());
            return 2;
        }
        for (String name : plan.unresolvedNames()) {
            System.err.println("certatlas scan: " + name + " does not resolve; it is not scanned");
        }
        Optional<String> nothing = plan.nothingToScan();
        if (nothing.isPresent()) {
            // Distinct from "scanned, nothing found" (0): a script must not take an empty run for a clean estate.
            System.err.println("certatlas scan: nothing to scan: " + nothing.get());
            return NOTHING_TO_SCAN;
        }
        this.output = output;
        try (ScanInterruption interruption = ScanInterruption.watching()) {
            if (server.isPresent()) {
                return scanToServer(plan, options);
            }
            if (noRecord) {
                return scan(plan, options, Optional.empty(), Optional.empty());
            }
            try (Database database = store.open()) {
                return scan(plan, options, Optional.of(new Inventory(database)), Optional.empty());
            }
        }
    }

    /** Logs in to the server before scanning, so that a wrong URL, certificate or password costs no scan. */
    private int scanToServer(ScanPlan plan, ScanOptions options) {
        RemoteServer remote;
        ServerLogin login;
        try {
            if (noRecord) {
                throw new IllegalArgumentException("--no-record and --server exclude each other: --server records on the server");
            }
            if (trustStore.isPresent()) {
                // The server never takes a scanner's verdict: it judges every posted chain against its own trust store.
                System.err.println("certatlas scan: --trust-store changes only the lines printed here; the server judges chains"
                        + " against its own trust store");
            }
            if (batchSize < 1 || batchSize > ObservationUpload.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("--batch-size must be from 1 to " + ObservationUpload.MAX_BATCH_SIZE
                        + " (the server's limit), was " + batchSize);
            }
            remote = RemoteServer.at(server.get(), serverFingerprint);
            char[] password = ServerLogin.password(Optional.ofNullable(environment.apply(ServerLogin.PASSWORD_VARIABLE)),
                    Optional.ofNullable(System.console()), user, remote.base().toString()).orElseThrow(() -> new IllegalArgumentException(
                    "no password for --user " + user + ": set " + ServerLogin.PASSWORD_VARIABLE + " or run in a terminal to type it"));
            try {
                login = ServerLogin.open(remote, user, password);
                String role = login.role();
                if (!role.equals(POSTING_ROLE)) {
                    // The server takes results from managers only: said now, not as a 403 per batch after the whole scan.
                    System.err.println("certatlas scan: " + user + " is " + (role.isEmpty() ? "of no known role" : "a " + role)
                            + " at " + remote.base() + "; posting scan results needs the " + POSTING_ROLE + " role: give --user"
                            + " a manager account, or scan without --server");
                    return NOT_ALLOWED;
                }
            } catch (ServerRefused e) {
                System.err.println("certatlas scan: " + remote.base() + " refused the login of " + user + ": " + e.getMessage());
                return 3;
            } catch (java.io.IOException e) {
                System.err.println("certatlas scan: cannot reach " + remote.base() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + (e instanceof javax.net.ssl.SSLHandshakeException && serverFingerprint.isEmpty()
                        ? "; if no CA vouches for the server's certificate, give --server-fingerprint with the SHA-256"
                        + " fingerprint 'certatlas serve' printed at start" : ""));
                return 3;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas scan: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
        RemoteServer target = remote;
        ServerLogin session = login;
        return scan(plan, options, Optional.empty(), Optional.of(messages -> new ObservationUpload(target, session, batchSize, messages)));
    }

    /**
     * Scans, prints a line per endpoint and records each TLS endpoint in {@code inventory}, or
     * posts it through the upload {@code remote} opens, when there is one. The upload reports
     * undelivered batches through the progress display, so they do not tear its line.
     */
    private int scan(ScanPlan plan, ScanOptions options, Optional<Inventory> inventory,
                     Optional<Function<Consumer<String>, ObservationUpload>> remote) {
        AtomicReference<ScanProgress> latest = new AtomicReference<>(new ScanProgress(0, plan.size().longValue(), 0));
        Tally tally = new Tally();
        // With a machine-readable format, standard output carries only JSON; the human lines go to standard error.
        java.io.PrintStream human = output == OutputFormat.TEXT ? System.out : System.err;
        ScanOutput machine = new ScanOutput(output, System.out);
        ScanSummary summary;
        Optional<ObservationUpload.Result> posted = Optional.empty();
        try (TerminalProgress progress = new TerminalProgress(System.err, () -> describe(latest.get(), tally))) {
            Optional<ObservationUpload> upload = remote.map(open -> open.apply(progress::message));
            summary = new Scanner(options).scan(plan, new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    tally.count(report);
                    if (output == OutputFormat.TEXT && (all || report.outcome() instanceof EndpointOutcome.Tls)) {
                        progress.result(human, TerminalText.of(line(report)));
                    }
                    machine.add(report);
                    inventory.ifPresent(into -> record(into, report, tally, progress));
                    upload.ifPresent(to -> post(to, report, progress));
                }

                @Override
                public void onProgress(ScanProgress p) {
                    latest.set(p);
                }
            });
            if (upload.isPresent()) {
                progress.message("waiting for the server to record the last batches...");
                try {
                    upload.get().close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                posted = Optional.of(upload.get().result());
            }
        }
        machine.finish(summary, plan.unresolvedNames());
        human.printf(Locale.ROOT, "%,d endpoints scanned, %,d with TLS (%s) in %.1f s%n", summary.endpoints(), summary.tls(),
                summary.byOutcome().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                summary.elapsed().toMillis() / 1000.0);
        if (!options.enumeration()) {
            human.println("not enumerated (--no-enumerate): no grades, no protocol findings");
        } else {
            human.println("grades: " + tally.grades() + "; protocols: " + tally.protocols()
                    + (tally.enumerationFailed() > 0 ? "; enumeration failed on " + tally.enumerationFailed() + " endpoint(s)" : ""));
        }
        if (posted.isPresent()) {
            ObservationUpload.Result result = posted.get();
            human.printf(Locale.ROOT, "posted %,d TLS endpoint(s) to %s; the server recorded %,d%s%n", result.sent(), server.orElseThrow(),
                    result.recorded(), result.failed() > 0 ? "; " + result.failed() + " could not be posted (see above)" : "");
            if (summary.interrupted()) {
                human.println("the scan was interrupted: endpoints not reached are missing");
            }
            return result.failed() > 0 || result.recorded() < result.sent() ? 1 : 0;
        } else if (inventory.isEmpty()) {
            human.println("not recorded (--no-record)");
        } else {
            human.printf(Locale.ROOT, "recorded %,d TLS endpoint(s) in the inventory%s%n", tally.recorded(),
                    tally.recordFailed() > 0 ? ", " + tally.recordFailed() + " could not be recorded (see above)" : "");
            human.println(inventory.get().keyAudit().summaryOf(tally.certificates).line());
        }
        if (summary.interrupted()) {
            human.println("the scan was interrupted: endpoints not reached are missing");
        }
        return tally.recordFailed() > 0 ? 1 : 0;
    }

    /** Records one report; a store error is printed and counted, and the scan goes on. */
    private static void record(Inventory inventory, EndpointReport report, Tally tally, TerminalProgress progress) {
        Optional<Observation> observation = ScanObservations.of(report);
        if (observation.isEmpty()) {
            return;
        }
        try {
            tally.certificates.addAll(inventory.record(observation.get()).certificateIds());
            tally.recorded.incrementAndGet();
        } catch (RuntimeException e) {
            tally.recordFailed.incrementAndGet();
            progress.message("certatlas scan: " + report.endpoint() + " could not be recorded: " + e.getMessage());
        }
    }

    /** Hands one TLS endpoint to the upload; waits while the server is behind. */
    private static void post(ObservationUpload upload, EndpointReport report, TerminalProgress progress) {
        Optional<ObservedEndpoint> endpoint = ObservedEndpoint.of(report);
        if (endpoint.isEmpty()) {
            return;
        }
        try {
            upload.add(endpoint.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.message("certatlas scan: interrupted; " + report.endpoint() + " was not posted");
        }
    }

    /** What the summary and the progress line count beyond the scanner's own summary. */
    private static final class Tally {
        private final Map<String, Long> grades = new ConcurrentHashMap<>();
        private final Map<String, Long> protocols = new ConcurrentHashMap<>();
        private final AtomicLong enumerationFailed = new AtomicLong();
        private final AtomicLong recorded = new AtomicLong();
        private final AtomicLong recordFailed = new AtomicLong();
        private final java.util.Set<Long> certificates = ConcurrentHashMap.newKeySet();

        void count(EndpointReport report) {
            report.profile().ifPresent(profile -> {
                grades.merge(profile.grade(), 1L, Long::sum);
                profile.protocols().forEach(protocol -> protocols.merge(protocol, 1L, Long::sum));
            });
            if (report.enumeration() instanceof EnumerationOutcome.Failed) {
                enumerationFailed.incrementAndGet();
            }
        }

        /** "A+ 3, B 1, T 2", best first; "none" before any grade. */
        String grades() {
            return joined(grades, Comparator.comparing(label -> Grade.fromLabel(label).map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        }

        /** "TLSv1 2, TLSv1.2 5, TLSv1.3 5", oldest first. */
        String protocols() {
            return joined(protocols, Comparator.comparing(name -> ProtocolVersion.fromName(name).map(Enum::ordinal).orElse(Integer.MAX_VALUE)));
        }

        long enumerationFailed() {
            return enumerationFailed.get();
        }

        long recorded() {
            return recorded.get();
        }

        long recordFailed() {
            return recordFailed.get();
        }

        private static String joined(Map<String, Long> counts, Comparator<String> order) {
            if (counts.isEmpty()) {
                return "none";
            }
            return counts.keySet().stream().sorted(order).map(key -> key + " " + counts.get(key)).collect(Collectors.joining(", "));
        }
    }

    private ScanOptions options() {
        // withConcurrency brings the per-address default down with it; only a --per-host given is checked here.
        ScanOptions options = ScanOptions.defaults().withConcurrency(concurrency);
        if (perHost.isPresent()) {
            if (perHost.get() < 1 || perHost.get() > concurrency) {
                throw new IllegalArgumentException("--per-host must be 1.." + concurrency + " (at most --concurrency), was "
                        + perHost.get());
            }
            options = options.withPerHostLimit(perHost.get());
        }
        options = options
                .withConnectTimeout(seconds(connectTimeout, "--connect-timeout"))
                .withEndpointDeadline(seconds(deadline, "--deadline"))
                .withEnumeration(!noEnumerate)
                .withEnumerationBudget(seconds(enumerationBudget, "--enumeration-budget"));
        if (trustStore.isPresent()) {
            options = options.withTrustAnchors(TrustAnchors.of(readPem(trustStore.get())));
        }
        if (starttls.isPresent()) {
            StartTlsChoice choice = StartTlsChoice.parse(starttls.get());
            options = options.withWrapper(choice.everyPort()).withWrappersByPort(choice.byPort());
        }
        return options;
    }

    private static java.time.Duration seconds(double value, String option) {
        if (!(value > 0) || value > 3600) {
            throw new IllegalArgumentException(option + " must be more than 0 and at most 3600 seconds, was " + value);
        }
        return java.time.Duration.ofMillis(Math.round(value * 1000));
    }

    private static List<X509Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> roots = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("--trust-store " + file + " holds no certificate: give a PEM file of CA certificates");
            }
            return roots;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("--trust-store " + file + " cannot be read (" + e.getMessage()
                    + "): give a PEM file of CA certificates");
        }
    }

    private static String line(EndpointReport report) {
        String where = report.endpoint().toString() + " (" + report.service() + ")";
        return switch (report.outcome()) {
            case EndpointOutcome.Tls tls -> where + " " + tls.protocol() + " " + tls.cipherSuite() + ", "
                    + tls.chain().size() + " certificate(s), " + grading(report.enumeration()) + ": "
                    + report.findings().stream().filter(f -> f.qid() != 86002 && f.qid() != 38116)
                    .map(ScanCommand::finding).collect(Collectors.joining("; "))
                    .transform(s -> s.isEmpty() ? "no findings" : s);
            case EndpointOutcome.Closed closed -> where + " closed";
            case EndpointOutcome.Filtered filtered -> where + " filtered: " + filtered.detail();
            case EndpointOutcome.NotTls notTls -> where + " open, not TLS (first bytes " + notTls.firstBytesHex() + ")"
                    + (notTls.hint().isEmpty() ? "" : ": " + notTls.hint());
            case EndpointOutcome.Failed failed -> where + " " + failed.reason().label() + ": " + failed.detail();
        };
    }

    /** "grade T (B with trust ignored), TLSv1 TLSv1.2", or why there is no grade. */
    private static String grading(EnumerationOutcome enumeration) {
        return switch (enumeration) {
            case EnumerationOutcome.Enumerated enumerated -> {
                TlsProfile profile = enumerated.profile();
                String grade = "grade " + profile.grade()
                        + (profile.grade().equals(profile.gradeWithTrustIgnored()) ? "" : " (" + profile.gradeWithTrustIgnored()
                        + " with trust ignored)");
                yield grade + ", " + String.join(" ", profile.protocols())
                        + (profile.complete() ? "" : " (could not test: " + String.join("; ", profile.probeFailures()) + ")");
            }
            case EnumerationOutcome.Failed failed -> "no grade (enumeration failed: " + failed.reason() + ")";
            case EnumerationOutcome.NotRun notRun -> "not graded";
        };
    }

    private static String finding(Finding finding) {
        return finding.qid() + " " + finding.title() + " [" + finding.detail() + "]";
    }

    private static String describe(ScanProgress p, Tally tally) {
        double fraction = p.total() == 0 ? 0 : (double) p.done() / p.total();
        return String.format(Locale.ROOT, "%s %,d/%,d endpoints, %,d with TLS, grades %s", TerminalProgress.bar(fraction, 30),
                p.done(), p.total(), p.found(), tally.grades());
    }
}
