package io.certatlas.cli.remote;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scan job this agent holds: the job's id, what to scan (the body {@code POST /api/v1/scans}
 * was given), the lease id every report names, and how often to renew the lease.
 */
public record LeasedJob(String id, ObjectNode request, String lease, Duration heartbeat) {
}
