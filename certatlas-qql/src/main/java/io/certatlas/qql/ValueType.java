package io.certatlas.qql;

/** What a token's values are, which decides how a written value is read and compared. */
public enum ValueType {
    /** Free text: a plain value matches as a case-insensitive substring; {@code *} is a wildcard. */
    TEXT("text"),
    /** An identifier-like string: a plain value matches the whole value, ignoring case. */
    KEYWORD("keyword"),
    /** A whole number. */
    NUMBER("number"),
    /** A date or date-time, absolute ({@code 2024-01-31}) or relative ({@code now-30d}). */
    DATE("date"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** One of a fixed list of values, matched ignoring case. */
    ENUM("enum"),
    /** An IPv4 or IPv6 address, or a CIDR block. */
    IP("ip address / CIDR");

    private final String label;

    ValueType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
