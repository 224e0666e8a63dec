package io.certatlas.server.scanning;

import io.certatlas.store.jobs.Zone;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which scan jobs this server's own runner takes, and how long an agent's claim lasts without a
 * heartbeat.
 *
 * @param servedZones zones whose jobs this server's runner takes besides unzoned ones ({@code serve --zone});
 *                    empty: unzoned jobs only
 * @param agentLease  how long a job stays an agent's after its last heartbeat; then it is queued again
 */
public record ScanWorkSettings(List<Zone> servedZones, Duration agentLease) {

    public static final Duration DEFAULT_AGENT_LEASE = Duration.ofSeconds(60);
    static final Duration MIN_AGENT_LEASE = Duration.ofSeconds(2);
    static final Duration MAX_AGENT_LEASE = Duration.ofHours(1);

    public ScanWorkSettings {
        servedZones = List.copyOf(Objects.requireNonNull(servedZones, "servedZones"));
        Objects.requireNonNull(agentLease, "agentLease");
        if (agentLease.compareTo(MIN_AGENT_LEASE) < 0 || agentLease.compareTo(MAX_AGENT_LEASE) > 0) {
            throw new IllegalArgumentException("--agent-lease must be from " + MIN_AGENT_LEASE.toSeconds() + " to "
                    + MAX_AGENT_LEASE.toSeconds() + " seconds, was " + agentLease.toMillis() / 1000.0);
        }
    }

    /** Unzoned jobs only, agents' leases of a minute: what a server does unless told otherwise. */
    public static ScanWorkSettings defaults() {
        return new ScanWorkSettings(List.of(), DEFAULT_AGENT_LEASE);
    }
}
