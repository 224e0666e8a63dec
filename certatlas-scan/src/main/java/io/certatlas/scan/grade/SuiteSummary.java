package io.certatlas.scan.grade;

/**
 * One row of gradeSummary.cipherSuites: {@code name} (IANA), {@code keyExchange} (e.g. "ECDHE
 * x25519", "DHE 2048", "RSA 2048"), {@code encryptionKeyStrength} (cipher key bits) and
 * {@code category}: INSECURE, WEAK or STRONG (see {@link RatingGuide2009q}).
 */
public record SuiteSummary(String name, String keyExchange, int encryptionKeyStrength, String category) {
}
