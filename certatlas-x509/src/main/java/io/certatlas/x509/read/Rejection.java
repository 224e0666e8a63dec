package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.Objects;

/** A file, or part of one, that yielded no certificate: the reason and a message saying what to do. */
public record Rejection(Path path, RejectReason reason, String message) implements ReadResult {

    public Rejection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
