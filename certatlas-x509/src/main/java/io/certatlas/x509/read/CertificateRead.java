package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.Objects;

import io.certatlas.x509.CertificateFacts;

/** One certificate read from a file. */
public record CertificateRead(Path path, CertificateFacts facts) implements ReadResult {

    public CertificateRead {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(facts, "facts");
    }
}
