package io.certatlas.cli.output;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The machine-readable output of a scan: nothing for {@link OutputFormat#TEXT}, one line per
 * endpoint as it finishes for {@link OutputFormat#JSONL}, one document at the end for
 * {@link OutputFormat#JSON}. Called from the scanner's listener, one call at a time.
 */
public final class ScanOutput {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final OutputFormat format;
    private final PrintStream out;
    private final EndpointJson json = new EndpointJson(MAPPER);
    private final List<ObjectNode> kept = new ArrayList<>();

    public ScanOutput(OutputFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    public void add(EndpointReport report) {
        switch (format) {
            case TEXT -> { }
            case JSONL -> {
                out.println(MAPPER.writeValueAsString(json.endpoint(report)));
                out.flush();
            }
            case JSON -> kept.add(json.endpoint(report));
        }
    }

    public void finish(ScanSummary summary, List<String> unresolvedNames) {
        if (format == OutputFormat.JSON) {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json.document(kept, summary, unresolvedNames)));
            out.flush();
        }
    }
}
