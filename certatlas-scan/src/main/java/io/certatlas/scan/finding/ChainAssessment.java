package io.certatlas.scan.finding;

import java.util.List;
import java.util.Objects;

/**
 * What is wrong with a served chain, certificate by certificate. {@code trusted} says whether the
 * chain leads to a trust anchor with valid signatures, ignoring dates (dates are their own issues),
 * so a grade can tell "untrusted" from "expired".
 */
public record ChainAssessment(boolean trusted, List<ChainIssue> issues) {

    public ChainAssessment {
        issues = List.copyOf(issues);
        Objects.requireNonNull(issues, "issues");
    }

    public boolean has(ChainIssue.Kind kind) {
        return issues.stream().anyMatch(issue -> issue.kind() == kind);
    }
}
