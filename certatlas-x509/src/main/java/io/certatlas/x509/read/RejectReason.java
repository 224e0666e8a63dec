package io.certatlas.x509.read;

/**
 * Why a file (or part of one) yielded no certificate. A closed list: import reports and alert
 * rules may match on these names, so a new reason is a new constant here and in the docs.
 */
public enum RejectReason {
    /** The file is readable but holds no certificate (text, a private key alone, a CSR, a binary). */
    NOT_A_CERTIFICATE,
    /** Certificate data was found but its DER encoding is broken or truncated. */
    MALFORMED_DER,
    /** A PEM block's base64 body is broken, or a BEGIN line has no END line. */
    MALFORMED_PEM,
    /** A PKCS#12 file that none of the given passwords (nor "" or "changeit") opens. */
    WRONG_PASSWORD,
    /** The file could not be read: permissions, I/O error, it vanished, or it is not a regular file. */
    UNREADABLE_FILE,
    /** The file is larger than the configured limit (16 MiB by default). */
    TOO_LARGE,
    /** The file holds more certificates than the per-file limit; the rest were skipped. */
    TOO_MANY_CERTIFICATES,
    /** A recognised container CertAtlas does not read (JCEKS, BKS, encrypted PKCS#7...). */
    UNSUPPORTED_FORMAT,
    /** A symbolic link leads back into a directory already being walked; it was not followed. */
    SYMLINK_LOOP
}
