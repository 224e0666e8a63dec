package io.certatlas.qql;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A filter the user wrote that cannot be run: the message says what is wrong, where, and what to
 * write instead. It is the only exception this module throws for bad input, so callers can answer
 * it as a 400 without inspecting it further.
 */
public final class QqlException extends RuntimeException {

    private final int column;

    private QqlException(String message, int column) {
        super(message, null, false, false);
        this.column = column;
    }

    /** An error at a 1-based column of a QQL string; the message ends with "at column N". */
    public static QqlException at(int column, String message) {
        return new QqlException(message + " at column " + column, column);
    }

    /** An error in a structured (v2) filter, where there is no column; the message names the field. */
    public static QqlException inStructuredFilter(String message) {
        return new QqlException(message, 0);
    }

    /** An error about the filter as a whole (QQL or structured), not about one place in it. */
    public static QqlException ofWholeFilter(String message) {
        return new QqlException(message, 0);
    }

    /**
     * The same error with its columns counted in characters (code points) of {@code qql} instead
     * of Java's UTF-16 units, which count an emoji or another character outside the Basic
     * Multilingual Plane twice and would put the user's caret past the fault.
     */
    QqlException inCharactersOf(String qql) {
        if (column == 0 || qql.codePoints().count() == qql.length()) {
            return this;
        }
        String message = COLUMN.matcher(getMessage()).replaceAll(m -> "column " + characters(qql, Integer.parseInt(m.group(1))));
        return new QqlException(message, characters(qql, column));
    }

    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");

    private static int characters(String qql, int utf16Column) {
        int end = Math.min(Math.max(utf16Column - 1, 0), qql.length());
        return qql.codePointCount(0, end) + 1;
    }

    /** The 1-based column (in characters) of the fault in a QQL string; empty for structured filters. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
