package io.certatlas.cli.output;

import java.util.Locale;

/** How {@code certatlas scan} writes its results on standard output. */
public enum OutputFormat {
    /** Lines for a person, and a summary. */
    TEXT,
    /** One JSON document when the scan ends. */
    JSON,
    /** One JSON line per endpoint, written as each endpoint finishes. */
    JSONL;

    public static OutputFormat parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            case "jsonl", "ndjson" -> JSONL;
            default -> throw new IllegalArgumentException("--format " + text + " is unknown: use text, json or jsonl");
        };
    }
}
