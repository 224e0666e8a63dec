package io.certatlas.server.watch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request into {@code certatlas_http_requests_seconds}, labelled by method, status
 * and the route pattern (not the path: ids in paths would make the series unbounded).
 */
@Component
public class ApiLatency extends OncePerRequestFilter {

    private final MeterRegistry registry;

    public ApiLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            Timer.builder("certatlas.http.requests")
                    .tag("method", request.getMethod().length() <= 7 ? request.getMethod() : "OTHER")
                    .tag("status", Integer.toString(response.getStatus()))
                    .tag("uri", pattern == null ? "UNMATCHED" : pattern.toString())
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
