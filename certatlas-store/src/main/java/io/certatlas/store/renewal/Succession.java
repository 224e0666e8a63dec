package io.certatlas.store.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A certificate's renewal as an operator reads it: its state, its successor, and for every
 * endpoint that served it the leaves that endpoint served, oldest first, with first and last seen.
 */
public record Succession(String certhash, boolean renewed, boolean stale, boolean overdue, Instant renewalPoint,
                         Optional<String> successor, List<Endpoint> endpoints) {

    public record Endpoint(long instanceId, String endpoint, List<Served> served) {}

    public record Served(String certhash, String subjectName, Instant validTo, Instant firstSeen, Instant lastSeen, boolean current) {}
}
