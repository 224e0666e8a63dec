/**
 * Warn before it breaks, over HTTP: recurring scans ({@code /api/v1/schedules}), alert rules,
 * receivers and the dead-letter list ({@code /api/v1/alerts/...}), Prometheus metrics
 * ({@code /metrics}), {@code /health} and {@code /ready}, and the background loop that starts due
 * scans, evaluates the rules and sends what the outbox holds.
 */
package io.certatlas.server.watch;
