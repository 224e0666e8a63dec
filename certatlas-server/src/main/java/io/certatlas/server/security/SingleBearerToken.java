package io.certatlas.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Reads the bearer token as Spring does, but refuses a request with more than one Authorization
 * header: Spring would take the first, a proxy or a logger in front of the server may take the
 * last, and a request that means two callers at once should not be answered as either.
 */
final class SingleBearerToken implements BearerTokenResolver {

    private final DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        if (Collections.list(request.getHeaders("Authorization")).size() > 1) {
            throw new InvalidBearerTokenException("the request has more than one Authorization header; send exactly one");
        }
        return resolver.resolve(request);
    }
}
