package io.certatlas.x509.chain;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The judgement of a served chain: trusted or not, every problem found (a trusted chain has none),
 * and the path from the leaf to the trust anchor that was judged (the trusted one, or the best
 * failing candidate; just the leaf when no path could be built).
 */
public record ChainVerdict(boolean trusted, List<ChainProblem> problems, List<X509Certificate> path) {

    public ChainVerdict {
        problems = List.copyOf(problems);
        path = List.copyOf(path);
        Objects.requireNonNull(path, "path");
        if (trusted && !problems.isEmpty()) {
            throw new IllegalArgumentException("a trusted verdict cannot carry problems: " + problems);
        }
    }

    public boolean has(ChainProblem.Kind kind) {
        return problems.stream().anyMatch(p -> p.kind() == kind);
    }
}
