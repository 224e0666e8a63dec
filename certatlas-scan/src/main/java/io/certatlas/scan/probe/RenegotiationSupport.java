package io.certatlas.scan.probe;

/**
 * Secure renegotiation (RFC 5746). {@code SECURE}: the server answered with renegotiation_info;
 * {@code NOT_SUPPORTED}: it did not, so it predates RFC 5746 (CVE-2009-3555);
 * {@code NOT_APPLICABLE}: TLS 1.3 only, which has no renegotiation.
 */
public enum RenegotiationSupport { SECURE, NOT_SUPPORTED, NOT_APPLICABLE, UNKNOWN }
