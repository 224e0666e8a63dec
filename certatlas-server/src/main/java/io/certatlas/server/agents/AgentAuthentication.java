package io.certatlas.server.agents;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request of a scanner agent: role AGENT, never a user's role, so no user endpoint admits it. */
final class AgentAuthentication extends AbstractAuthenticationToken {

    private final AgentCaller agent;

    AgentAuthentication(AgentCaller agent) {
        super(List.of(new SimpleGrantedAuthority("ROLE_AGENT")));
        this.agent = agent;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public AgentCaller getPrincipal() {
        return agent;
    }

    @Override
    public String getName() {
        return "agent " + agent.name();
    }
}
