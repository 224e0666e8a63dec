/**
 * Warn before it breaks: recurring scans ({@code schedule}), renewal-aware alert rules
 * ({@code rule}), the receivers that carry alerts out ({@code receiver}) and the outbox sender
 * ({@code delivery}). Every piece reads the time from a {@link java.time.Clock} it is given, and
 * keeps its state in the store, so several servers on one database share the work.
 */
package io.certatlas.alerts;
