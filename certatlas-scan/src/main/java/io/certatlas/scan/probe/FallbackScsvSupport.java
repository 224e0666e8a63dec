package io.certatlas.scan.probe;

/**
 * TLS_FALLBACK_SCSV (RFC 7507). {@code SUPPORTED}: a downgraded hello carrying the SCSV got
 * inappropriate_fallback; {@code NOT_SUPPORTED}: the server went on with the lower version;
 * {@code NOT_APPLICABLE}: the server speaks only one version, so there is nothing to fall back to.
 */
public enum FallbackScsvSupport { SUPPORTED, NOT_SUPPORTED, NOT_APPLICABLE, UNKNOWN }
