package io.certatlas.cli.query;

import java.util.Locale;

/** How {@code certatlas query} writes what it reads. */
public enum OutputFormat {
    /** Aligned columns for a person at a terminal. */
    TABLE,
    /** One JSON array holding the server's objects as they came. */
    JSON,
    /** One JSON object per line. */
    JSONL,
    /** The documented CSV columns (docs/client.md). */
    CSV;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
