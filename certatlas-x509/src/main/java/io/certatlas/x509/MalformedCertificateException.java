package io.certatlas.x509;

/**
 * The bytes given are not one DER-encoded X.509 certificate. The message says what is wrong in
 * words a user can act on; it never carries a parser stack trace to the user.
 */
public final class MalformedCertificateException extends Exception {

    public MalformedCertificateException(String message) {
        super(message);
    }

    public MalformedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
