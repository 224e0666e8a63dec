package io.certatlas.scan.suite;

/** How a suite authenticates the server. {@code NONE}: anonymous suites; {@code ANY}: TLS 1.3 (by certificate type). */
public enum Authentication {
    RSA, DSS, ECDSA, PSK, SRP, KRB5, NONE, ANY
}
