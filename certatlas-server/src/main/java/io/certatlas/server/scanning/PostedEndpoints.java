package io.certatlas.server.scanning;

import io.certatlas.scan.finding.CertificateFindings;
import io.certatlas.scan.finding.ChainAssessment;
import io.certatlas.scan.finding.ChainAssessor;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.finding.FindingCatalogue;
import io.certatlas.scan.grade.GradeInput;
import io.certatlas.scan.grade.GradeReport;
import io.certatlas.scan.grade.ProtocolFindings;
import io.certatlas.scan.grade.RatingGuide2009q;
import io.certatlas.scan.grade.ServerCertificate;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.TrustAnchors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Judges a posted endpoint as the server's own scanner would have: the x509 module parses and
 * analyses every certificate of the chain, the chain is assessed against the server's trust
 * anchors and the SNI name, and the certificate findings, grade and protocol findings follow
 * from that and the posted protocol facts by the scan module's rules. The result is the same
 * observation a server scan of that endpoint records.
 */
public final class PostedEndpoints {

    private final CertificateAnalyzer analyzer;
    private final ChainAssessor assessor;
    private final CertificateFindings certificateFindings;
    private final ProtocolFindings protocolFindings;

    public PostedEndpoints(TrustAnchors anchors, Clock clock) {
        this.analyzer = CertificateAnalyzer.standard();
        this.assessor = new ChainAssessor(Objects.requireNonNull(anchors, "anchors"), Objects.requireNonNull(clock, "clock"));
        this.certificateFindings = new CertificateFindings(FindingCatalogue.standard());
        this.protocolFindings = ProtocolFindings.standard();
    }

    /**
     * @param field where the endpoint sits in the posted body, so that a certificate that does not
     *              parse is refused as {@code endpoints[3].chain[1]}
     */
    Observation observe(ObservedEndpoint endpoint, PostedField field) {
        List<PostedField> chainFields = field.get("chain").items(1, ObservedEndpoint.MAX_CHAIN_LENGTH);
        for (int i = 0; i < endpoint.chain().size(); i++) {
            if (endpoint.chain().get(i).length > ObservedEndpoint.MAX_CERTIFICATE_BYTES) {
                throw chainFields.get(i).invalid("is larger than " + ObservedEndpoint.MAX_CERTIFICATE_BYTES
                        + " bytes: no served certificate is that large");
            }
            try {
                analyzer.analyze(endpoint.chain().get(i));
            } catch (MalformedCertificateException | RuntimeException e) {
                throw chainFields.get(i).invalid("is not an X.509 certificate (" + e.getMessage()
                        + "): post the DER bytes the endpoint served, base64-encoded");
            }
        }
        List<CertificateFacts> facts;
        try {
            facts = analyzer.analyzeChain(endpoint.chain());
        } catch (MalformedCertificateException e) {
            throw field.get("chain").invalid("cannot be analysed (" + e.getMessage() + ")");
        }
        ChainAssessment assessment = assessor.assess(endpoint.chain(), endpoint.hostname());
        List<Finding> findings = new ArrayList<>(certificateFindings.from(assessment, endpoint.chain()));
        String fqdn = endpoint.hostname().orElse("");
        ObservedInstance instance;
        if (endpoint.enumeration().isPresent()) {
            ProtocolFacts protocols = endpoint.enumeration().get();
            GradeInput input = protocols.gradeInput(ServerCertificate.served(assessment, facts));
            GradeReport grading = RatingGuide2009q.grade(input);
            instance = ScanObservations.graded(endpoint.port(), fqdn, endpoint.service(), protocols.protocolNames(),
                    protocols.suiteNames(), grading);
            // One finding per QID, certificate findings first, as the scanner reports them.
            Set<Integer> qids = new HashSet<>();
            findings.forEach(finding -> qids.add(finding.qid()));
            protocolFindings.findings(input).stream().filter(finding -> qids.add(finding.qid())).forEach(findings::add);
        } else {
            instance = ScanObservations.captured(endpoint.port(), fqdn, endpoint.service(), endpoint.protocol());
        }
        return ScanObservations.observation(endpoint.address(), instance, facts, findings, endpoint.scannedAt());
    }
}
