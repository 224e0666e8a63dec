package io.certatlas.store;

import io.certatlas.x509.CertificateFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing seen at one place and time: "at this asset, on this port, this chain was served,
 * these protocols were accepted, these findings hold". The scanner and the importers produce
 * observations; {@code Inventory.record} stores each in one idempotent transaction.
 *
 * @param asset    the host the endpoint belongs to
 * @param instance the endpoint, or empty for a certificate seen without a place (a file import)
 * @param chain    the served chain, leaf first, as served (may be empty when the handshake failed)
 * @param findings every finding that holds now; findings recorded earlier and absent here are closed
 * @param source   {@code SCAN} or {@code IMPORT}
 */
public record Observation(
        Optional<ObservedAsset> asset,
        Optional<ObservedInstance> instance,
        List<CertificateFacts> chain,
        List<ObservedFinding> findings,
        String source,
        Instant observedAt) {

    public Observation {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(instance, "instance");
        chain = List.copyOf(chain);
        findings = List.copyOf(findings);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        if (instance.isPresent() && asset.isEmpty()) {
            throw new IllegalArgumentException("an instance needs the asset it belongs to");
        }
    }

    /**
     * A host as the scanner knows it. The identity is its address when it has one, else its
     * host name (or the URL for a web application).
     *
     * @param address  IPv4 or IPv6 literal, or "" when unknown
     * @param hostname the name it was reached by, or ""
     */
    public record ObservedAsset(String address, String hostname, String netbiosName, String operatingSystem, String wasUrl) {
        public ObservedAsset {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(netbiosName, "netbiosName");
            Objects.requireNonNull(operatingSystem, "operatingSystem");
            Objects.requireNonNull(wasUrl, "wasUrl");
            if (address.isEmpty() && hostname.isEmpty() && wasUrl.isEmpty()) {
                throw new IllegalArgumentException("an asset needs an address, a host name or a URL");
            }
        }

        public static ObservedAsset of(String address, String hostname) {
            return new ObservedAsset(address, hostname, "", "", "");
        }
    }

    /**
     * One TLS endpoint. {@code cipherSuites} maps a protocol name ("TLSv1.2") to the suite names
     * accepted with it; {@code gradeSummary} is the v2 grade summary as a JSON object (empty when
     * the endpoint was not graded).
     */
    public record ObservedInstance(
            String protocol,
            int port,
            String fqdn,
            String service,
            List<String> sslProtocols,
            Map<String, List<String>> cipherSuites,
            String grade,
            String gradeWithTrustIgnored,
            Optional<String> gradeSummaryJson) {
        public ObservedInstance {
            Objects.requireNonNull(protocol, "protocol");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            Objects.requireNonNull(fqdn, "fqdn");
            Objects.requireNonNull(service, "service");
            sslProtocols = List.copyOf(sslProtocols);
            cipherSuites = Map.copyOf(cipherSuites);
            Objects.requireNonNull(grade, "grade");
            Objects.requireNonNull(gradeWithTrustIgnored, "gradeWithTrustIgnored");
            Objects.requireNonNull(gradeSummaryJson, "gradeSummaryJson");
        }
    }

    /** A finding with its Qualys QID (or a CertAtlas id from 9000000 up), title and severity 1..5. */
    public record ObservedFinding(int qid, String title, int severity, String detail) {
        public ObservedFinding {
            Objects.requireNonNull(title, "title");
            if (severity < 1 || severity > 5) {
                throw new IllegalArgumentException("severity must be 1..5, was " + severity);
            }
            Objects.requireNonNull(detail, "detail");
        }
    }
}
