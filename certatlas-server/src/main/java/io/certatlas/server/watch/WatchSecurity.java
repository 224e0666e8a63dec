package io.certatlas.server.watch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * /metrics, /health and /ready sit outside the API's bearer-token chain: a Prometheus server
 * holds no user account. /metrics checks its own read token (see {@link MetricsController});
 * /health and /ready tell nothing about the inventory.
 */
@Configuration
public class WatchSecurity {

    @Bean
    @Order(1)
    public SecurityFilterChain watchEndpoints(HttpSecurity http) throws Exception {
        http.securityMatcher("/metrics", "/health", "/ready")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }
}
