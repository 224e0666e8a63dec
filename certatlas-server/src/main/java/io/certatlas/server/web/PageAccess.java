package io.certatlas.server.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The page's own files need no token (the login form is among them); they hold no data. This
 * chain matches only those paths and is consulted before the API's chain, which keeps
 * everything else exactly as it was.
 */
@Configuration
public class PageAccess {

    /** The paths of the page's files: the page itself and its assets. */
    static final String[] PAGE_PATHS = {"/", "/index.html", "/assets/**", "/favicon.ico"};

    @Bean
    @Order(0)
    public SecurityFilterChain pageFileAccess(HttpSecurity http) throws Exception {
        http.securityMatcher(PAGE_PATHS)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                // Any method: only GET and HEAD are mapped, and another (PUT, FOO) is told so with a
                // 405 and Allow, as on the API, rather than a bare 403.
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }
}
