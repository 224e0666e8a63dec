package io.certatlas.store.jobs;

/**
 * A freshly created agent token with its secret, {@code certatlas-agent_ID_SECRET}: shown to its
 * creator once and never again (the store keeps only a hash of the secret).
 */
public record IssuedAgentToken(AgentToken token, String secret) {

    @Override
    public String toString() {
        return "IssuedAgentToken[" + token + "]";
    }
}
