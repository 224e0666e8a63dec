package io.certatlas.scan.probe;

/** Who decides the suite: the server's order, the client's order, or not measurable (fewer than two suites). */
public enum CipherPreference { SERVER, CLIENT, NOT_APPLICABLE, UNKNOWN }
