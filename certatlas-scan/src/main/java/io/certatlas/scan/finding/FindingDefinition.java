package io.certatlas.scan.finding;

import java.util.Objects;

/** One row of the findings catalogue. {@code ownId} is true for CertAtlas ids (9000000 up), false for Qualys QIDs. */
public record FindingDefinition(int qid, String key, int severity, String title, String source) {

    public static final int OWN_ID_FLOOR = 9_000_000;

    public FindingDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(source, "source");
        if (severity < 1 || severity > 5) {
            throw new IllegalArgumentException("severity of " + key + " must be 1..5, was " + severity);
        }
    }

    public boolean ownId() {
        return qid >= OWN_ID_FLOOR;
    }

    /** This finding, holding for the reason {@code detail} gives. */
    public Finding holds(String detail) {
        return new Finding(qid, key, title, severity, detail);
    }
}
