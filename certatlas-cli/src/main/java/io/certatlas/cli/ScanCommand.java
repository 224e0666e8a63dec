package io.certatlas.cli;

import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.ScanProgress;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.x509.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas scan TARGET... -p PORTS}: discover TLS endpoints, capture their chains, list findings. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan host names, addresses and CIDR ranges for TLS endpoints; capture each served chain and",
                "list its certificate findings (Qualys QIDs, or CertAtlas ids from 9000000 up).",
                "Example: certatlas scan 10.0.0.0/28 web.internal -p 443,8443,9000-9010",
                "Exit code: 0 when the scan ran, 2 on bad arguments."})
public final class ScanCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Host names, IPv4/IPv6 addresses or CIDR ranges.")
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

    @Option(names = "--force", description = "Allow a scan of more than " + ScanPlan.DEFAULT_ENDPOINT_LIMIT + " endpoints.")
    boolean force;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ScanOptions.DEFAULT_CONCURRENCY,
            description = "Endpoints in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "" + ScanOptions.DEFAULT_PER_HOST_LIMIT,
            description = "Connections to one address at once (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "3",
            description = "Seconds a TCP connect may take before the port counts as filtered (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds for everything on one endpoint after connecting (default: ${DEFAULT-VALUE}).")
    double deadline;

    @Option(names = "--trust-store", paramLabel = "PEM", description = "Judge chains against these CA certificates instead of the JDK's.")
    Optional<Path> trustStore;

    @Option(names = "--starttls", paramLabel = "PROTOCOL",
            description = "Pre-TLS step for every port: smtp, imap, pop3, ftp, ldap, xmpp, postgres, rdp or none (default: by port).")
    Optional<String> starttls;

    @Option(names = "--all", description = "Also list closed, filtered and non-TLS endpoints.")
    boolean all;

    @Override
    public Integer call() {
        ScanPlan plan;
        ScanOptions options;
        try {
            ScanPlan.Builder builder = ScanPlan.builder().targets(targets).ports(ports).force(force);
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
        AtomicReference<ScanProgress> latest = new AtomicReference<>(new ScanProgress(0, plan.size().longValue(), 0));
        ScanSummary summary;
        try (TerminalProgress progress = new TerminalProgress(System.err, () -> describe(latest.get()))) {
            summary = new Scanner(options).scan(plan, new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    if (all || report.outcome() instanceof EndpointOutcome.Tls) {
                        progress.message(line(report));
                    }
                }

                @Override
                public void onProgress(ScanProgress p) {
                    latest.set(p);
                }
            });
        }
        System.out.printf(Locale.ROOT, "%,d endpoints scanned, %,d with TLS (%s) in %.1f s%n", summary.endpoints(), summary.tls(),
                summary.byOutcome().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                summary.elapsed().toMillis() / 1000.0);
        return 0;
    }

    private ScanOptions options() {
        ScanOptions options = ScanOptions.defaults().withConcurrency(concurrency).withPerHostLimit(perHost)
                .withConnectTimeout(seconds(connectTimeout, "--connect-timeout"))
                .withEndpointDeadline(seconds(deadline, "--deadline"));
        if (trustStore.isPresent()) {
            options = options.withTrustAnchors(TrustAnchors.of(readPem(trustStore.get())));
        }
        if (starttls.isPresent()) {
            TlsWrapper wrapper = TlsWrapper.byName(starttls.get()).orElseThrow(() -> new IllegalArgumentException(
                    "--starttls " + starttls.get() + " is unknown: use smtp, imap, pop3, ftp, ldap, xmpp, postgres, rdp or none"));
            options = options.withWrapper(Optional.of(wrapper));
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
                    + tls.chain().size() + " certificate(s): "
                    + report.findings().stream().filter(f -> f.qid() != 86002)
                    .map(ScanCommand::finding).collect(Collectors.joining("; "))
                    .transform(s -> s.isEmpty() ? "no certificate problems" : s);
            case EndpointOutcome.Closed closed -> where + " closed";
            case EndpointOutcome.Filtered filtered -> where + " filtered: " + filtered.detail();
            case EndpointOutcome.NotTls notTls -> where + " open, not TLS (first bytes " + notTls.firstBytesHex() + ")";
            case EndpointOutcome.Failed failed -> where + " " + failed.reason().label() + ": " + failed.detail();
        };
    }

    private static String finding(Finding finding) {
        return finding.qid() + " " + finding.title() + " [" + finding.detail() + "]";
    }

    private static String describe(ScanProgress p) {
        double fraction = p.total() == 0 ? 0 : (double) p.done() / p.total();
        return String.format(Locale.ROOT, "%s %,d/%,d endpoints, %,d with TLS", TerminalProgress.bar(fraction, 30),
                p.done(), p.total(), p.found());
    }
}
