package io.certatlas.scan.probe;

/** A probe that could not give an answer, and why (e.g. probe "TLSv1.2 suites", reason "timed out after 0 bytes"). */
public record ProbeFailure(String probe, String reason) {
}
