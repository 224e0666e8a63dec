package io.certatlas.scan;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one endpoint gave: where it is, how it answered, the chain it served, what holds
 * against it, and how long each step took. One report per endpoint of the plan, whatever happened.
 *
 * @param service  the service guessed from the port ("https", "smtp", "win_remote_desktop", "unknown")
 * @param wrapper  how TLS was reached (directly, or after STARTTLS/RDP negotiation)
 * @param findings    certificate findings, then protocol and suite findings (one per QID), empty unless the outcome is TLS
 * @param enumeration the protocol and suite enumeration with its grade, or why there is none
 */
public record EndpointReport(
        Endpoint endpoint,
        String service,
        TlsWrapper wrapper,
        EndpointOutcome outcome,
        List<Finding> findings,
        EnumerationOutcome enumeration,
        Timings timings,
        Instant observedAt) {

    /**
     * Connect time, handshake time (pre-TLS dialogue included), enumeration time and the whole
     * endpoint, each zero when the step did not run.
     */
    public record Timings(Duration connect, Duration handshake, Duration enumeration, Duration total) {
        public static final Timings NONE = new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public Timings {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(handshake, "handshake");
            Objects.requireNonNull(enumeration, "enumeration");
            Objects.requireNonNull(total, "total");
        }
    }

    public EndpointReport {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(wrapper, "wrapper");
        Objects.requireNonNull(outcome, "outcome");
        findings = List.copyOf(findings);
        Objects.requireNonNull(enumeration, "enumeration");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** The served chain, leaf first (DER); empty unless the endpoint spoke TLS. */
    public List<byte[]> chain() {
        return outcome instanceof EndpointOutcome.Tls tls ? tls.chain() : List.of();
    }

    public boolean servedChain() {
        return outcome instanceof EndpointOutcome.Tls tls && !tls.chain().isEmpty();
    }

    /** The address literal ("127.0.0.1", "::1"). */
    public String address() {
        return endpoint.addressLiteral();
    }

    public int port() {
        return endpoint.port();
    }

    /** The SNI name sent, or "" (Certificate View's instance fqdn). */
    public String fqdn() {
        return endpoint.serverName().orElse("");
    }

    /** Protocols, suites and grade, when the endpoint was enumerated. */
    public Optional<TlsProfile> profile() {
        return enumeration.enumerated();
    }

    /** The protocol the capturing handshake chose ("TLSv1.3"), or "" without TLS. */
    public String protocol() {
        return outcome instanceof EndpointOutcome.Tls tls ? tls.protocol() : "";
    }
}
