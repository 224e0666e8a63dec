package io.certatlas.store.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One TLS endpoint (host instance) as its page shows it: where it is, what it accepts, its grade
 * with the v2 grade summary as recorded ({@code gradeSummaryJson}, absent for imported or old
 * records), its findings, and every certificate it has served with when each was first and last
 * seen there.
 */
public record EndpointDetail(
        long id,
        String assetUuid,
        String assetName,
        String primaryIp,
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
        Instant lastFound,
        List<EndpointFinding> findings,
        List<ServedCertificate> certificates) {

    public EndpointDetail {
        sslProtocols = List.copyOf(sslProtocols);
        cipherSuites = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cipherSuites));
        findings = List.copyOf(findings);
        certificates = List.copyOf(certificates);
    }

    /** A finding on the endpoint; {@code status} is ACTIVE or FIXED. */
    public record EndpointFinding(int qid, String title, int severity, String detail, String status,
                                  Instant firstFound, Instant lastFound) {
    }

    /** A certificate served at {@code chainPosition} (0: the leaf); {@code current} while it still is. */
    public record ServedCertificate(String certhash, String subjectName, String issuerName, Instant validFrom,
                                    Instant validTo, int chainPosition, boolean current, Instant firstFound,
                                    Instant lastFound) {
    }
}
