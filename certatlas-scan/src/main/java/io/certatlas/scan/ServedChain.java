package io.certatlas.scan;

import io.certatlas.scan.finding.ChainAssessment;
import io.certatlas.scan.finding.ChainIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of a served chain that CertAtlas keeps: the leaf and at most {@value #MAX_LENGTH}
 * certificates in all. Real chains hold 2 to 4 (rarely up to 6 with cross-signs); a server that
 * sends hundreds sends junk, and each one kept would become a certificate of the inventory. What
 * lies beyond the bound is neither analysed nor judged nor recorded, and the chain's assessment
 * says it was cut ({@link ChainIssue.Kind#CHAIN_TRUNCATED}, finding 9000008), so the endpoint
 * still shows the fault. A remote scanner posts the same bound
 * ({@code ObservedEndpoint.MAX_CHAIN_LENGTH} takes it from here).
 *
 * @param kept   the first certificates of the chain, leaf first, at most {@value #MAX_LENGTH}
 * @param served how many certificates the server sent
 */
public record ServedChain(List<byte[]> kept, int served) {

    public static final int MAX_LENGTH = 16;

    public ServedChain {
        kept = List.copyOf(kept);
        if (kept.size() > MAX_LENGTH || served < kept.size()) {
            throw new IllegalArgumentException("kept " + kept.size() + " of " + served + " served certificates (at most "
                    + MAX_LENGTH + ")");
        }
    }

    public static ServedChain of(List<byte[]> served) {
        Objects.requireNonNull(served, "served");
        return new ServedChain(served.subList(0, Math.min(served.size(), MAX_LENGTH)), served.size());
    }

    public boolean truncated() {
        return served > kept.size();
    }

    /** The assessment of the kept certificates, with the cut added when there was one. */
    public ChainAssessment noted(ChainAssessment assessment) {
        if (!truncated()) {
            return assessment;
        }
        List<ChainIssue> issues = new ArrayList<>(assessment.issues());
        issues.add(new ChainIssue(ChainIssue.Kind.CHAIN_TRUNCATED, kept.size(), "the server sent " + served
                + " certificates; only the first " + kept.size() + " (the leaf and " + (kept.size() - 1)
                + " more) are judged and recorded"));
        return new ChainAssessment(assessment.trusted(), issues);
    }
}
