package io.certatlas.store.importing;

/**
 * Why a file was not imported: a closed list, so that scripts can match on it. Each reason comes
 * with a detail sentence in {@link Rejection}.
 */
public enum RejectionReason {
    /** The file could not be read (permissions, vanished, I/O error). */
    UNREADABLE,
    /** Larger than any certificate file CertAtlas reads ({@link CertificateFileReader#MAX_BYTES}). */
    TOO_LARGE,
    /** Not PEM, DER, PKCS#12 or JKS, or a PEM file without a certificate in it. */
    NO_CERTIFICATE,
    /** Looks like a certificate but does not parse as one. */
    MALFORMED,
    /** A PKCS#12 or JKS keystore that the given password (or none) does not open. */
    WRONG_PASSWORD
}
