package io.certatlas.cli.query;

import io.certatlas.client.csv.CsvFormat;
import io.certatlas.client.csv.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the items of a list in the format asked for, one at a time, so that a list of any
 * length is written in the memory of one item. Each JSON object is written by Jackson (a real
 * serializer; a JSON array holds one object per line); CSV by the client module's CSV writer.
 */
final class Listing<T> implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputFormat format;
    private final Writer out;
    private final CsvFormat<T> csv;
    private final TableView<T> table;
    private final Function<T, ObjectNode> json;
    private final CsvWriter csvWriter;
    private long count;

    Listing(OutputFormat format, Writer out, CsvFormat<T> csv, TableView<T> table, Function<T, ObjectNode> json) {
        this.format = format;
        this.out = out;
        this.csv = csv;
        this.table = table;
        this.json = json;
        this.csvWriter = new CsvWriter(out);
        switch (format) {
            case CSV -> csv.writeHeader(csvWriter);
            case TABLE -> line(table.header());
            case JSON -> text("[");
            case JSONL -> { }
        }
    }

    void add(T item) {
        switch (format) {
            case CSV -> csv.write(csvWriter, item);
            case TABLE -> line(table.row(item));
            case JSON -> text((count == 0 ? "\n" : ",\n") + JSON.writeValueAsString(json.apply(item)));
            case JSONL -> line(JSON.writeValueAsString(json.apply(item)));
        }
        count++;
    }

    long count() {
        return count;
    }

    private void line(String text) {
        text(text + "\n");
    }

    private void text(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the list (closes the JSON array) and flushes; the underlying stream stays open. */
    @Override
    public void close() {
        try {
            if (format == OutputFormat.JSON) {
                out.write(count == 0 ? "]\n" : "\n]\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
