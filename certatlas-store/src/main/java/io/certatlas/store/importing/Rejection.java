package io.certatlas.store.importing;

import io.certatlas.x509.read.RejectReason;

import java.nio.file.Path;
import java.util.Objects;

/** One file that was not imported, with the reason and a sentence saying what was wrong. */
public record Rejection(Path path, RejectReason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return path + ": " + reason + ": " + detail;
    }
}
