package io.certatlas.scan.suite;

/** How a suite agrees on the premaster secret. {@code ANY}: TLS 1.3 suites, negotiated separately (RFC 8446 4.2.7). */
public enum KeyExchange {
    RSA, DH, DHE, ECDH, ECDHE, PSK, SRP, KRB5, ANY;

    /** Ephemeral Diffie-Hellman over finite fields or curves: the server sends its parameters. */
    public boolean isEphemeral() {
        return this == DHE || this == ECDHE || this == ANY;
    }
}
