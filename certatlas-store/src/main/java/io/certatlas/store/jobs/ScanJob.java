package io.certatlas.store.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A scan job as stored: what was asked (JSON), where it stands, and its summary once done.
 *
 * @param zone   the network zone whose agents may take it; empty: the servers' own runners take it
 * @param worker who runs or last ran it: a server's runner, or {@code agent:NAME/LEASE} for a scanner agent
 */
public record ScanJob(
        long id,
        UUID uuid,
        String status,
        String requestJson,
        String createdBy,
        long total,
        long done,
        long found,
        String error,
        Optional<String> summaryJson,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> finished,
        Optional<Zone> zone,
        Optional<String> worker) {

    /** The name of the agent token that runs or last ran this job, when an agent did. */
    public Optional<String> agent() {
        return worker.filter(w -> w.startsWith(ScanJobQueue.AGENT_PREFIX))
                .map(w -> w.substring(ScanJobQueue.AGENT_PREFIX.length(), w.lastIndexOf('/')));
    }
}
