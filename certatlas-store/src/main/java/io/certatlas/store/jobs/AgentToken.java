package io.certatlas.store.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * A scanner agent's credential as listed: never its secret, which only its creator saw once.
 *
 * @param id the public part of the token, {@code certatlas-agent_ID_SECRET}; names it in the API and the CLI
 */
public record AgentToken(String id, String name, Zone zone, String createdBy, Instant created, Optional<Instant> revoked) {

    public boolean active() {
        return revoked.isEmpty();
    }
}
