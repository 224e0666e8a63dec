package io.certatlas.scan.tls;

/** A server's bytes do not decode as the TLS structure they claim to be. */
public final class MalformedMessage extends Exception {
    public MalformedMessage(String message) {
        super(message);
    }
}
