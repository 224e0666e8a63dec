package io.certatlas.cli.query;

import io.certatlas.client.StructuredQuery;
import io.certatlas.client.csv.InstanceCsv;
import io.certatlas.client.model.Instance;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certatlas query instances}: v2's list of TLS endpoints (POST /certview/v2/instances). */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "List host instances (TLS endpoints) with their grades from the v2 API (POST /certview/v2/instances).",
        footer = {"", ExitCode.HELP})
public final class QueryInstancesCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Option(names = {"-f", "--filter"}, paramLabel = "JSON", defaultValue = "",
            description = "v2's structured filter, e.g. {\"filters\":[{\"field\":\"instance.port\",\"operator\":\"EQUALS\",\"value\":\"443\"}],\"operation\":\"AND\"}.")
    String filter;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N instances.")
    Optional<Long> limit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, json, jsonl or csv (default: table at a terminal, else jsonl).")
    Optional<OutputFormat> format;

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no notices on stderr.")
    boolean quiet;

    public Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        StructuredQuery query;
        try {
            query = filter.isBlank() ? StructuredQuery.all() : StructuredQuery.all().withFilter(StructuredQuery.parseFilter(filter));
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas query instances: --filter: " + e.getMessage());
            return ExitCode.USAGE;
        }
        return QueryRun.run("certatlas query instances", server, format, quiet, limit, environment, new QueryRun.What<>("instances",
                client -> client.instances(query), InstanceCsv.FORMAT, TableView.instances(), Instance::json));
    }
}
