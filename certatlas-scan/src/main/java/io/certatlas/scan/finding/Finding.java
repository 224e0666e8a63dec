package io.certatlas.scan.finding;

import java.util.Objects;

/**
 * A finding that holds at an endpoint: its QID (or CertAtlas id), catalogue key, title, severity
 * and a detail saying where and why ("certificate #1 CN=Test Intermediate: expired 2026-01-01").
 */
public record Finding(int qid, String key, String title, int severity, String detail) {
    public Finding {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        if (severity < 1 || severity > 5) {
            throw new IllegalArgumentException("severity must be 1..5, was " + severity);
        }
    }
}
