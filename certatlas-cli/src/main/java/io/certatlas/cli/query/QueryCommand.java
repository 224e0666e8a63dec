package io.certatlas.cli.query;

import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.client.CertViewClient;
import io.certatlas.client.CertificateQuery;
import io.certatlas.client.SortKey;
import io.certatlas.client.StructuredQuery;
import io.certatlas.client.csv.CertificateCsv;
import io.certatlas.client.csv.CsvCertificate;
import io.certatlas.client.csv.CsvFormat;
import io.certatlas.client.error.CertViewException;
import io.certatlas.client.model.Certificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.concurrent.Callable;

/**
 * {@code certatlas query}: the certificates of a Certificate View server (CertAtlas or Qualys),
 * every page of them, as a table, JSON, JSON lines or CSV. Its subcommands list the assets of one
 * certificate and v2's instances.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"List certificates from a Certificate View server (CertAtlas or a Qualys gateway): every page,"
                + " certificates with more than 1000 assets completed from the assets endpoint, the token renewed,"
                + " throttling waited out.", "", "Password: $CERTATLAS_PASSWORD, else typed at the terminal."},
        footer = {"", ExitCode.HELP},
        subcommands = {QueryAssetsCommand.class, QueryInstancesCommand.class})
public final class QueryCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Option(names = {"-f", "--filter"}, paramLabel = "QQL", defaultValue = "",
            description = "A QQL filter, e.g. \"validToDate < now+30d and asset:(tags.name:Production)\" (default: every certificate).")
    String filter;

    @Option(names = "--details", paramLabel = "LEVEL", defaultValue = "basic",
            description = "basic or extended (adds key usages, key identifiers and the certificate itself; default: ${DEFAULT-VALUE}).")
    String details;

    @Option(names = "--sort", paramLabel = "FIELD:DIR",
            description = "Sort keys, e.g. validTo:asc,updated:desc (default: the server's, updated descending).")
    Optional<String> sort;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N certificates.")
    Optional<Long> limit;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, json, jsonl or csv (default: table at a terminal, else jsonl).")
    Optional<OutputFormat> format;

    @Option(names = "--api", paramLabel = "VERSION", defaultValue = "v1",
            description = "v1 (QQL filter; at most 10,000 certificates) or v2 (structured --filter as JSON, no such window).")
    String api;

    @Option(names = "--server-export", description = "CertAtlas only: have the server write the CSV (GET /api/v1/export.csv),"
            + " from one consistent view of its database, without v1's 10,000 window. Implies --format csv.")
    boolean serverExport;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no notices on stderr (errors still).")
    boolean quiet;

    /** The process environment; tests give the password here, as a user exports it. */
    public Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        List<SortKey> keys;
        CertificateQuery query;
        try {
            QueryRun.requireLimit(limit);
            keys = SortKey.parse(sort.orElse(""));
            if (!details.equals("basic") && !details.equals("extended")) {
                throw new IllegalArgumentException("--details must be basic or extended, was '" + details + "'");
            }
            if (!api.equals("v1") && !api.equals("v2")) {
                throw new IllegalArgumentException("--api must be v1 or v2, was '" + api + "'");
            }
            query = CertificateQuery.all().withFilter(filter).withExtendedDetails(details.equals("extended")).sortedBy(keys)
                    .withPageSize((int) Math.min(CertificateQuery.MAX_PAGE_SIZE, limit.orElse((long) CertificateQuery.MAX_PAGE_SIZE)));
            if (serverExport && (limit.isPresent() || api.equals("v2") || details.equals("extended")
                    || format.filter(f -> f != OutputFormat.CSV).isPresent())) {
                // The server's CSV has fixed columns: an option it cannot honour is refused, not silently dropped.
                throw new IllegalArgumentException("--server-export writes the server's CSV of every match: it takes"
                        + " --filter and --sort, not --limit, --details extended, --api v2 or another --format");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas query: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (serverExport) {
            return serverExport(keys);
        }
        Function<CertViewClient, Stream<Certificate>> read;
        if (api.equals("v2")) {
            StructuredQuery structured;
            try {
                structured = filter.isBlank() ? StructuredQuery.all() : StructuredQuery.all().withFilter(StructuredQuery.parseFilter(filter));
            } catch (IllegalArgumentException e) {
                System.err.println("certatlas query: --filter with --api v2: " + e.getMessage());
                return ExitCode.USAGE;
            }
            StructuredQuery v2 = details.equals("extended") ? structured.withIncludes(List.of("EXTENSIVE_CERTIFICATE_INFO",
                    "ASSET_INTERFACES", "ASSET_TAGS")) : structured;
            read = client -> client.certificatesV2(v2);
        } else {
            read = client -> client.certificates(query);
        }
        return QueryRun.run("certatlas query", server, format, quiet, limit, environment, new QueryRun.What<>("certificates",
                read, certificateCsv(), TableView.certificates(Clock.systemUTC()), Certificate::json));
    }

    private static CsvFormat<Certificate> certificateCsv() {
        return new CsvFormat<>(CertificateCsv.FORMAT.columns().stream()
                .map(column -> new io.certatlas.client.csv.CsvColumn<Certificate>(column.header(),
                        c -> column.cell().apply(CsvCertificate.of(c)))).toList());
    }

    /** Copies the server's CSV to stdout as it arrives, counting its lines for the progress display. */
    private int serverExport(List<SortKey> keys) {
        CertViewClient client;
        try {
            client = server.client(environment, notice -> {
                if (!quiet) {
                    System.err.println("certatlas query: " + notice);
                }
            });
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas query: " + e.getMessage());
            return ExitCode.USAGE;
        }
        AtomicLong lines = new AtomicLong();
        long started = System.nanoTime();
        TerminalProgress progress = !quiet && QueryRun.interactive()
                ? new TerminalProgress(System.err, () -> QueryRun.progressLine("certatlas query", "lines", lines.get(), started))
                : null;
        try (InputStream in = client.exportCsv(filter, keys)) {
            OutputStream out = System.out;
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.incrementAndGet();
                    }
                }
            }
            out.flush();
        } catch (CertViewException e) {
            System.err.println("certatlas query: " + e.getMessage());
            return ExitCode.of(e);
        } catch (IOException e) {
            System.err.println("certatlas query: the export was cut off after " + lines.get() + " lines: " + e.getMessage());
            return ExitCode.SERVER_UNAVAILABLE;
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        if (System.out.checkError()) {
            System.err.println("certatlas query: cannot write the output (closed or full)");
            return ExitCode.OUTPUT_FAILED;
        }
        return ExitCode.OK;
    }
}
