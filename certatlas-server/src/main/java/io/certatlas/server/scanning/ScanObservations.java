package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.finding.Finding;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scanned endpoint tells the inventory: an observation for every endpoint that spoke TLS
 * and served a chain. Closed, filtered and non-TLS ports become no host instance.
 */
public final class ScanObservations {

    private ScanObservations() {}

    public static Optional<Observation> of(EndpointReport report) {
        if (!(report.outcome() instanceof EndpointOutcome.Tls tls) || tls.chain().isEmpty() || tls.facts().isEmpty()) {
            return Optional.empty();
        }
        ObservedAsset asset = ObservedAsset.of(report.address(), report.fqdn());
        List<String> protocols = tls.protocol().isEmpty() ? List.of() : List.of(tls.protocol());
        ObservedInstance instance = new ObservedInstance("tcp", report.port(), report.fqdn(), report.service(),
                protocols, Map.of(), "", "", Optional.empty());
        List<ObservedFinding> findings = report.findings().stream().map(ScanObservations::finding).toList();
        return Optional.of(new Observation(Optional.of(asset), Optional.of(instance), tls.facts(), findings, "SCAN",
                report.observedAt()));
    }

    private static ObservedFinding finding(Finding finding) {
        return new ObservedFinding(finding.qid(), finding.title(), finding.severity(), finding.detail());
    }
}
