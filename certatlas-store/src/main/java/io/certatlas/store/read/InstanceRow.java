package io.certatlas.store.read;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host instance (one TLS endpoint of an asset) with its active findings. */
public record InstanceRow(
        long id,
        String protocol,
        int port,
        String fqdn,
        String service,
        List<String> sslProtocols,
        Map<String, List<String>> cipherSuites,
        String grade,
        String gradeWithTrustIgnored,
        Optional<String> gradeSummaryJson,
        Optional<Instant> scanned,
        List<FindingRow> findings) {

    public record FindingRow(int qid, String title, int severity) {}
}
