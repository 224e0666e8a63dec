package io.certatlas.scan.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How enumeration probes behave.
 *
 * @param serverName   SNI host name to send (empty: none, e.g. scanning by address)
 * @param probeTimeout limit for one probe (connect + hello + answer); slow legacy hosts need seconds
 * @param chunkSize    suites per ClientHello; some servers reject hellos with long suite lists
 * @param maxProbes    hard cap on connections for one endpoint's enumeration
 * @param enumerateGroups also find every supported group (about one probe per group), not only the chosen ones
 */
public record ProbeSettings(Optional<String> serverName, Duration probeTimeout, int chunkSize, int maxProbes, boolean enumerateGroups) {

    public ProbeSettings {
        Objects.requireNonNull(serverName, "serverName");
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probeTimeout must be positive, got " + probeTimeout);
        }
        if (chunkSize < 1 || chunkSize > 2000) {
            throw new IllegalArgumentException("chunkSize must be 1..2000, got " + chunkSize);
        }
        if (maxProbes < 1) {
            throw new IllegalArgumentException("maxProbes must be at least 1, got " + maxProbes);
        }
    }

    public static ProbeSettings defaults(Optional<String> serverName) {
        return new ProbeSettings(serverName, Duration.ofSeconds(5), 64, 400, true);
    }

    public ProbeSettings withGroupEnumeration(boolean on) {
        return new ProbeSettings(serverName, probeTimeout, chunkSize, maxProbes, on);
    }
}
