package io.certatlas.x509.read;

import java.nio.file.Path;

/** What reading a file yields: one certificate, or one rejection with a reason and what to do. */
public sealed interface ReadResult permits CertificateRead, Rejection {

    /** The file this came from. */
    Path path();
}
