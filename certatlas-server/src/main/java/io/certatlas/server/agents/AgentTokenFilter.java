package io.certatlas.server.agents;

import io.certatlas.server.api.ErrorBody;
import io.certatlas.store.jobs.AgentToken;
import io.certatlas.store.jobs.AgentTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the agent token of a request ({@link AgentSecurity} routes only requests carrying one
 * here): unknown, forged or revoked answers 401 at once; a good one makes the request the
 * agent's. The token's row is read on every request, so a revocation holds from the next one.
 */
final class AgentTokenFilter extends OncePerRequestFilter {

    private final AgentTokens tokens;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AgentTokenFilter(AgentTokens tokens) {
        this.tokens = tokens;
    }

    /** The agent token a request presents as its bearer token, if it presents one. */
    static Optional<String> presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(AgentTokens::looksLikeAgentToken);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AgentToken> token = presented(request).flatMap(tokens::authenticate);
        if (token.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ErrorBody.write(response, 401, "UNAUTHORIZED", "the agent token is unknown or was revoked; ask a manager for a new"
                    + " one ('certatlas agent create' or POST /api/v1/agent-tokens)");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new AgentAuthentication(new AgentCaller(token.get())));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
