package io.certatlas.store.read;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A host instance (one TLS endpoint of an asset) with its active findings. The accepted suites
 * ({@code {"TLSv1.2": ["TLS_..."]}}) and the grade's reasons stay the JSON text they are stored
 * as: v1 answers show neither, and a page holds hundreds of instances.
 */
public record InstanceRow(
        long id,
        String protocol,
        int port,
        String fqdn,
        String service,
        List<String> sslProtocols,
        String cipherSuitesJson,
        String grade,
        String gradeWithTrustIgnored,
        Optional<String> gradeSummaryJson,
        Optional<Instant> scanned,
        List<FindingRow> findings) {

    /** The same instance with these active findings. */
    public InstanceRow withFindings(List<FindingRow> newFindings) {
        return new InstanceRow(id, protocol, port, fqdn, service, sslProtocols, cipherSuitesJson, grade,
                gradeWithTrustIgnored, gradeSummaryJson, scanned, newFindings);
    }

    public record FindingRow(int qid, String title, int severity) {}
}
