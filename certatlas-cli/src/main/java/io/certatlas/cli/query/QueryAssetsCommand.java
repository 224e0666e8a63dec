package io.certatlas.cli.query;

import io.certatlas.client.AssetQuery;
import io.certatlas.client.csv.AssetCsv;
import io.certatlas.client.model.Asset;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas query assets CERTHASH}: every asset serving one certificate, with tags and host instances, no 1000 cap. */
@Command(name = "assets", mixinStandardHelpOptions = true,
        description = "List every asset of one certificate (POST /certview/v1/certificates/{certhash}/assets), with its"
                + " tags and host instances.",
        footer = {"", ExitCode.HELP})
public final class QueryAssetsCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "CERTHASH", description = "The certificate's SHA-256, 64 hex digits.")
    String certhash;

    @Option(names = {"-f", "--filter"}, paramLabel = "QQL", defaultValue = "",
            description = "An asset filter in the grouped form, e.g. \"asset:(name:web*)\".")
    String filter;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N assets.")
    Optional<Long> limit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, json, jsonl or csv (default: table at a terminal, else jsonl).")
    Optional<OutputFormat> format;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no notices on stderr.")
    boolean quiet;

    public Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        if (!certhash.matches("[0-9A-Fa-f]{64}")) {
            System.err.println("certatlas query assets: CERTHASH is the certificate's SHA-256 as 64 hex digits, was '" + certhash + "'");
            return ExitCode.USAGE;
        }
        AssetQuery query = AssetQuery.all().withFilter(filter);
        return QueryRun.run("certatlas query assets", server, format, quiet, limit, environment, new QueryRun.What<>("assets",
                client -> client.assetsOf(certhash, query), AssetCsv.FORMAT, TableView.assets(), Asset::json));
    }
}
