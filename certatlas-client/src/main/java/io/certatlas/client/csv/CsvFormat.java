package io.certatlas.client.csv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** A CSV layout: the columns in order, the header line, and a row per value. */
public record CsvFormat<T>(List<CsvColumn<T>> columns) {

    /** Lists inside one cell are joined with this. */
    public static final String LIST_SEPARATOR = "; ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    public CsvFormat {
        columns = List.copyOf(columns);
    }

    public List<String> headers() {
        return columns.stream().map(CsvColumn::header).toList();
    }

    public void writeHeader(CsvWriter out) {
        out.row(headers());
    }

    public void write(CsvWriter out, T value) {
        out.row(columns.stream().map(column -> column.cell().apply(value)).toList());
    }

    /** UTC, to the second, ISO-8601: what spreadsheets and scripts both read. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    public static String time(Optional<Instant> instant) {
        return instant.map(CsvFormat::time).orElse("");
    }

    public static String list(List<String> values) {
        return String.join(LIST_SEPARATOR, values);
    }
}
