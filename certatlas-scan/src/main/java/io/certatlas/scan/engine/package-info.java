/**
 * The parts of the engine below the handshake: one bounded TCP connect telling closed (RST) from
 * filtered (no answer) apart, the per-host connection gate, and the input stream that holds an
 * endpoint's deadline and byte cap. The closed list of reasons an open port gave no chain is
 * {@link io.certatlas.scan.engine.FailureReason}. Concurrency itself is bounded by
 * {@link io.certatlas.scan.Scanner} alone.
 */
package io.certatlas.scan.engine;
