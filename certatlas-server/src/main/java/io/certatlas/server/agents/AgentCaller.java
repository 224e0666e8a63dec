package io.certatlas.server.agents;

import io.certatlas.store.jobs.AgentToken;
import io.certatlas.store.jobs.Zone;

/** A scanner agent, as established from a valid agent token: it may work only on its zone's jobs. */
public record AgentCaller(AgentToken token) {

    public String name() {
        return token.name();
    }

    public Zone zone() {
        return token.zone();
    }
}
