package io.certatlas.server.agents;

import io.certatlas.server.api.ErrorBody;
import io.certatlas.store.Database;
import io.certatlas.store.jobs.AgentTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Requests that carry an agent token ({@code Authorization: Bearer certatlas-agent_...}), on any
 * path, go through this chain and never the users' one: an agent may claim, report on and close
 * jobs of its own zone ({@code /api/v1/agent/...}) and post observations, and gets 403 JSON on
 * everything else (lists, certificates, users). The users' chain never sees an agent token, so
 * no user endpoint can mistake an agent for a user.
 */
@Configuration
public class AgentSecurity {

    static final String AGENT_PATHS = "/api/v1/agent/**";

    @Bean
    @Order(2)
    public SecurityFilterChain agentRequests(HttpSecurity http, Database database) throws Exception {
        http.securityMatcher(request -> AgentTokenFilter.presented(request).isPresent())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                // Built here, not a bean: a filter bean would also be put in front of every request by Spring Boot.
                .addFilterBefore(new AgentTokenFilter(new AgentTokens(database.dsl())), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(AGENT_PATHS).hasRole("AGENT")
                        .requestMatchers(HttpMethod.POST, "/api/v1/observations").hasRole("AGENT")
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> ErrorBody.write(response, 401, "UNAUTHORIZED",
                                "the agent token is unknown or was revoked"))
                        .accessDeniedHandler((request, response, denied) -> ErrorBody.write(response, 403, "FORBIDDEN",
                                "an agent token may only claim, report on and finish scan jobs of its zone (/api/v1/agent/...)"
                                        + " and post observations; " + request.getRequestURI() + " needs a user's token")));
        return http.build();
    }
}
