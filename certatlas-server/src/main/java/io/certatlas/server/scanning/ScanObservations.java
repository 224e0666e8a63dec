package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.grade.GradeReport;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.x509.CertificateFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a scanned endpoint tells the inventory: an observation for every endpoint that spoke TLS
 * and served a chain. Closed, filtered and non-TLS ports become no host instance.
 *
 * <p>An enumerated endpoint brings every protocol it accepts, its suites per protocol, its grade
 * and the v2 gradeSummary. One whose enumeration failed or did not run still records its chain,
 * with the protocol its capturing handshake chose and no grade.
 */
public final class ScanObservations {

    /** Jackson writes records by their components and keeps the summary's map order, which v2 clients read. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScanObservations() {}

    public static Optional<Observation> of(EndpointReport report) {
        if (!(report.outcome() instanceof EndpointOutcome.Tls tls) || tls.chain().isEmpty() || tls.facts().isEmpty()) {
            return Optional.empty();
        }
        ObservedInstance instance = report.profile()
                .map(profile -> graded(report.port(), report.fqdn(), report.service(), profile.protocols(), profile.suites(),
                        profile.grading()))
                .orElseGet(() -> captured(report.port(), report.fqdn(), report.service(), tls.protocol()));
        return Optional.of(observation(report.address(), instance, tls.facts(), report.findings(), report.observedAt()));
    }

    /**
     * The observation of one TLS endpoint, whoever scanned it: the scanner here, or a remote
     * scanner whose posted facts the server has judged again ({@link PostedEndpoints}).
     */
    static Observation observation(String address, ObservedInstance instance, List<CertificateFacts> chain, List<Finding> findings,
                                   Instant observedAt) {
        ObservedAsset asset = ObservedAsset.of(address, instance.fqdn());
        return new Observation(Optional.of(asset), Optional.of(instance), chain,
                findings.stream().map(ScanObservations::finding).toList(), "SCAN", observedAt);
    }

    /** An enumerated endpoint: every protocol it accepts, its suites per protocol, its grade and the v2 summary. */
    static ObservedInstance graded(int port, String fqdn, String service, List<String> protocols, Map<String, List<String>> suites,
                                   GradeReport grading) {
        return new ObservedInstance("tcp", port, fqdn, service, protocols, suites, grading.grade().label(),
                grading.gradeWithTrustIgnored().label(), Optional.of(JSON.writeValueAsString(grading.summary())));
    }

    /** Without an enumeration only the capture's protocol is known, in Certificate View's spelling ("TLSv1", "TLSv1.3"). */
    static ObservedInstance captured(int port, String fqdn, String service, String protocol) {
        List<String> protocols = protocol.isEmpty() ? List.of()
                : List.of(ProtocolVersion.fromName(protocol).map(ProtocolVersion::displayName).orElse(protocol));
        return new ObservedInstance("tcp", port, fqdn, service, protocols, Map.of(), "", "", Optional.empty());
    }

    private static ObservedFinding finding(Finding finding) {
        return new ObservedFinding(finding.qid(), finding.title(), finding.severity(), finding.detail());
    }
}
