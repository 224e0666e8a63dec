package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the certificates of one file format. A reader never throws on bad content: every fault
 * becomes a {@link Rejection}. The content is already bounded in size by the caller.
 */
public sealed interface CertificateReader permits PemReader, DerReader, Pkcs7Reader, KeyStoreReader {

    CertificateFormat format();

    /** The certificates (and rejections) in {@code content}, read from {@code path}; never empty. */
    List<ReadResult> read(Path path, byte[] content);
}
