package io.certatlas.scan.probe;

import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.tls.ProtocolVersion;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the enumeration found for one endpoint.
 *
 * @param versions     per version probed: support, accepted suites (with their catalogue entries), preference
 * @param renegotiation RFC 5746 support seen in the accepted ServerHellos
 * @param clientRenegotiation whether the server renegotiates when a client that supports RFC 5746 asks on an established connection
 * @param insecureClientRenegotiation whether it renegotiates when a client without RFC 5746 asks (CVE-2009-3555)
 * @param groups       (EC)DHE named groups the server chose while suites were enumerated
 * @param supportedGroups every group the server accepts, in the order it picked them (TLS 1.3 and ECDHE in TLS 1.2)
 * @param dhPrimeBits  finite-field DH prime sizes the server sent
 * @param fallbackScsv RFC 7507 support
 * @param failures     every probe that could not run or answer, with its reason
 * @param probesSent   connections used
 */
public record EnumerationResult(
        SortedMap<ProtocolVersion, VersionEnumeration> versions,
        RenegotiationSupport renegotiation,
        ClientRenegotiation clientRenegotiation,
        ClientRenegotiation insecureClientRenegotiation,
        Set<NamedGroup> groups,
        List<NamedGroup> supportedGroups,
        Set<Integer> dhPrimeBits,
        FallbackScsvSupport fallbackScsv,
        List<ProbeFailure> failures,
        int probesSent) {

    public EnumerationResult {
        versions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(versions));
        java.util.Objects.requireNonNull(clientRenegotiation, "clientRenegotiation");
        java.util.Objects.requireNonNull(insecureClientRenegotiation, "insecureClientRenegotiation");
        groups = Set.copyOf(groups);
        supportedGroups = List.copyOf(supportedGroups);
        dhPrimeBits = Set.copyOf(dhPrimeBits);
        failures = List.copyOf(failures);
    }

    /** The server renegotiates at the request of a client without RFC 5746 (CVE-2009-3555): the rating guide's F. */
    public boolean insecureRenegotiation() {
        return insecureClientRenegotiation.accepted();
    }

    /** The server renegotiates at a client's request, securely or not. */
    public boolean acceptsClientRenegotiation() {
        return clientRenegotiation.accepted() || insecureClientRenegotiation.accepted();
    }

    /** Versions the server speaks, oldest first. */
    public List<ProtocolVersion> protocols() {
        return versions.values().stream().filter(v -> v.support() == VersionSupport.SUPPORTED).map(VersionEnumeration::version).toList();
    }

    /** Accepted suites for each supported version, in the server's order when it has one. */
    public Map<ProtocolVersion, List<AcceptedSuite>> suitesByProtocol() {
        Map<ProtocolVersion, List<AcceptedSuite>> out = new TreeMap<>();
        versions.forEach((v, e) -> {
            if (!e.suites().isEmpty()) {
                out.put(v, e.suites());
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Every accepted suite across versions. */
    public List<AcceptedSuite> allSuites() {
        return versions.values().stream().flatMap(v -> v.suites().stream()).toList();
    }
}
