package io.certatlas.client.error;

/**
 * No answer came: the server could not be reached, did not answer within the timeout, or its TLS
 * certificate was not trusted (then the message says how to trust it).
 */
public final class ConnectionFailed extends CertViewException {

    public ConnectionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
