package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.TlsProfile;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
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
        ObservedAsset asset = ObservedAsset.of(report.address(), report.fqdn());
        ObservedInstance instance = report.profile()
                .map(profile -> enumerated(report, profile))
                .orElseGet(() -> captured(report, tls));
        List<ObservedFinding> findings = report.findings().stream().map(ScanObservations::finding).toList();
        return Optional.of(new Observation(Optional.of(asset), Optional.of(instance), tls.facts(), findings, "SCAN",
                report.observedAt()));
    }

    private static ObservedInstance enumerated(EndpointReport report, TlsProfile profile) {
        return new ObservedInstance("tcp", report.port(), report.fqdn(), report.service(), profile.protocols(), profile.suites(),
                profile.grade(), profile.gradeWithTrustIgnored(), Optional.of(JSON.writeValueAsString(profile.gradeSummary())));
    }

    /** Without an enumeration only the capture's protocol is known, in Certificate View's spelling ("TLSv1", "TLSv1.3"). */
    private static ObservedInstance captured(EndpointReport report, EndpointOutcome.Tls tls) {
        List<String> protocols = tls.protocol().isEmpty() ? List.of()
                : List.of(ProtocolVersion.fromName(tls.protocol()).map(ProtocolVersion::displayName).orElse(tls.protocol()));
        return new ObservedInstance("tcp", report.port(), report.fqdn(), report.service(), protocols, Map.of(), "", "",
                Optional.empty());
    }

    private static ObservedFinding finding(Finding finding) {
        return new ObservedFinding(finding.qid(), finding.title(), finding.severity(), finding.detail());
    }
}
