/**
 * Enumeration probes: {@link io.certatlas.scan.probe.TlsEnumerator} finds versions, suites, cipher
 * order, secure renegotiation, groups, DH sizes and TLS_FALLBACK_SCSV with one ClientHello per
 * connection, through a {@link io.certatlas.scan.probe.ConnectionOpener} the engine supplies.
 * A probe that cannot answer is recorded as a {@link io.certatlas.scan.probe.ProbeFailure}.
 */
package io.certatlas.scan.probe;
