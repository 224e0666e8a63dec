package io.certatlas.scan.probe;

/** Whether a server speaks a protocol version. UNKNOWN when the probes could not tell (timeouts, resets). */
public enum VersionSupport { SUPPORTED, NOT_SUPPORTED, UNKNOWN }
