package io.certatlas.scan.finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a chain assessment into findings from the catalogue: one finding per issue kind (the
 * details of every certificate it concerns joined), plus 86002 "SSL Certificate - Information",
 * which holds for every endpoint that served a chain.
 */
public final class CertificateFindings {

    private final FindingCatalogue catalogue;

    public CertificateFindings(FindingCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** @param chain the served chain, leaf first (DER), summarised in the 86002 detail */
    public List<Finding> from(ChainAssessment assessment, List<byte[]> chain) {
        String chainSummary = summary(chain);
        Map<ChainIssue.Kind, List<String>> details = new LinkedHashMap<>();
        for (ChainIssue issue : assessment.issues()) {
            details.computeIfAbsent(issue.kind(), k -> new ArrayList<>()).add(issue.detail());
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(catalogue.definition("cert.information").holds(chainSummary));
        details.forEach((kind, lines) -> findings.add(catalogue.definition(kind.findingKey()).holds(String.join("; ", lines))));
        return List.copyOf(findings);
    }

    private static String summary(List<byte[]> chain) {
        if (chain.isEmpty()) {
            return "the server sent no certificate";
        }
        try {
            var leaf = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(chain.get(0)));
            return "subject " + leaf.getSubjectX500Principal().getName() + "; issuer " + leaf.getIssuerX500Principal().getName()
                    + "; valid " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant()
                    + "; " + leaf.getPublicKey().getAlgorithm() + " key, signed " + leaf.getSigAlgName()
                    + "; " + chain.size() + " certificate(s) served";
        } catch (java.security.cert.CertificateException e) {
            return chain.size() + " certificate(s) served; the leaf cannot be parsed: " + e.getMessage();
        }
    }
}
