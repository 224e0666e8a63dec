package io.certatlas.client.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * Writes CSV as RFC 4180 has it (comma-separated, CRLF line ends, a cell quoted when it holds a
 * comma, quote, line break or edge space, quotes doubled), made safe for spreadsheets: a cell
 * that starts with {@code = + - @}, a tab or a carriage return would be run as a formula by
 * Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading apostrophe, which
 * they show as text. Certificate subjects are chosen by whoever made the certificate: a
 * hostile {@code =HYPERLINK(...)} in a common name must stay text.
 */
public final class CsvWriter implements AutoCloseable {

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes one line of cells. */
    public void row(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell as it is written: defused, then quoted when needed. */
    public static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || (!text.isEmpty() && (Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))));
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
