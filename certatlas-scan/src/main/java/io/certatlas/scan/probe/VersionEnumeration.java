package io.certatlas.scan.probe;

import io.certatlas.scan.tls.ProtocolVersion;

import java.util.List;
import java.util.Optional;

/**
 * What the probes found for one protocol version.
 *
 * @param suites               accepted suites, in the server's order when it has one, else in offer order
 * @param secureRenegotiation  whether the accepted hellos carried renegotiation_info (empty when none was accepted)
 */
public record VersionEnumeration(
        ProtocolVersion version,
        VersionSupport support,
        List<AcceptedSuite> suites,
        CipherPreference preference,
        Optional<Boolean> secureRenegotiation,
        List<ProbeFailure> failures) {

    public VersionEnumeration {
        suites = List.copyOf(suites);
        failures = List.copyOf(failures);
    }
}
