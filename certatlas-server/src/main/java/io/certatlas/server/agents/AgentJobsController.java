package io.certatlas.server.agents;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.scanning.ScanWorkSettings;
import io.certatlas.store.Database;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import io.certatlas.store.jobs.Zone;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scanner agents' side of the job queue ({@code certatlas scanner}): an agent claims the
 * oldest queued job of its zone on a lease, renews the lease with heartbeats that carry its
 * progress, and closes the job as finished or failed, or releases it when it stops. Each claim
 * gets a lease id of its own, which every later call names, so only the claimant can touch the
 * job; a job whose lease lapsed (its agent died or lost the network) is queued again and another
 * agent of the zone takes it.
 */
@RestController
@RequestMapping("/api/v1/agent/jobs")
public class AgentJobsController {

    private static final Logger LOG = LoggerFactory.getLogger(AgentJobsController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_CHARACTERS = 2_000;

    private final ScanJobQueue queue;
    private final ScanWorkSettings settings;

    public AgentJobsController(Database database, ScanWorkSettings settings) {
        this.queue = new ScanJobQueue(database.dsl());
        this.settings = settings;
    }

    /** Body (optional): {@code {"zone": "dmz"}}, which must be the token's zone. Answers {@code {"job": null}} when there is none. */
    @PostMapping("/claim")
    public Map<String, Object> claim(Authentication authentication, HttpServletRequest request) {
        AgentCaller agent = agent(authentication);
        ObjectNode body = JsonRequest.read(request);
        Optional<String> asked = Fields.text(body, "zone").map(String::strip).filter(s -> !s.isEmpty());
        if (asked.isPresent() && !asked.get().equals(agent.zone().name())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "this agent token is for zone '" + agent.zone()
                    + "', not '" + asked.get() + "'; run the agent with --zone " + agent.zone() + " or with a token of zone '"
                    + asked.get() + "'", Optional.of("zone"), Map.of());
        }
        // Also here, not only in the servers' runners: a lapsed lease is taken over even where no server runs jobs.
        queue.requeueOrphaned();
        String lease = UUID.randomUUID().toString();
        Duration duration = settings.agentLease();
        Optional<ScanJob> job = queue.claimLeased(ScanJobQueue.agentWorker(agent.name(), lease), agent.zone(), duration);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent", agent.name());
        answer.put("zone", agent.zone().name());
        if (job.isEmpty()) {
            answer.put("job", null);
            return answer;
        }
        LOG.info("scan job {} of zone {} taken by agent {}", job.get().uuid(), agent.zone(), agent.name());
        Map<String, Object> leased = new LinkedHashMap<>();
        leased.put("id", job.get().uuid().toString());
        leased.put("request", JSON.readTree(job.get().requestJson()));
        leased.put("lease", lease);
        leased.put("leaseSeconds", duration.toMillis() / 1000.0);
        // Three heartbeats per lease: one lost request does not cost the job.
        leased.put("heartbeatSeconds", duration.toMillis() / 3 / 1000.0);
        answer.put("job", leased);
        return answer;
    }

    /** Body: {@code {"lease": "...", "done": 3, "total": 10, "found": 1}}. 409 when the job is no longer the caller's. */
    @PostMapping("/{id}/heartbeat")
    public Map<String, Object> heartbeat(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
        AgentCaller agent = agent(authentication);
        ObjectNode body = JsonRequest.read(request);
        Progress progress = Progress.of(body);
        held(queue.renewLease(uuid(id), worker(agent, body), settings.agentLease(), progress.done(), progress.total(), progress.found()), id);
        return Map.of("id", id, "status", "RUNNING", "leaseSeconds", settings.agentLease().toMillis() / 1000.0);
    }

    /** Body: {@code {"lease": "...", "done": 10, "total": 10, "found": 4, "summary": {...}}}. */
    @PostMapping("/{id}/finish")
    public Map<String, Object> finish(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
        AgentCaller agent = agent(authentication);
        ObjectNode body = JsonRequest.read(request);
        Progress progress = Progress.of(body);
        JsonNode summary = body.path("summary");
        if (!summary.isObject()) {
            throw ApiException.badField("summary", "'summary' must be a JSON object of the scan's counts");
        }
        held(queue.finishAs(uuid(id), worker(agent, body), progress.done(), progress.total(), progress.found(),
                JSON.writeValueAsString(summary)), id);
        LOG.info("scan job {} finished by agent {}: {}", id, agent.name(), summary);
        return Map.of("id", id, "status", "FINISHED");
    }

    /** Body: {@code {"lease": "...", "error": "why"}}. */
    @PostMapping("/{id}/fail")
    public Map<String, Object> fail(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
        AgentCaller agent = agent(authentication);
        ObjectNode body = JsonRequest.read(request);
        String error = Fields.text(body, "error").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badField("error", "'error' must say why the job failed"));
        if (error.length() > MAX_ERROR_CHARACTERS) {
            error = error.substring(0, MAX_ERROR_CHARACTERS) + "...";
        }
        held(queue.failAs(uuid(id), worker(agent, body), "agent " + agent.name() + ": " + error), id);
        LOG.warn("scan job {} failed on agent {}: {}", id, agent.name(), error);
        return Map.of("id", id, "status", "FAILED");
    }

    /** Body: {@code {"lease": "..."}}: the agent is stopping; the job goes back to the queue at once. */
    @PostMapping("/{id}/release")
    public Map<String, Object> release(@PathVariable String id, Authentication authentication, HttpServletRequest request) {
        AgentCaller agent = agent(authentication);
        held(queue.release(uuid(id), worker(agent, JsonRequest.read(request))), id);
        LOG.info("scan job {} released by agent {}; it is queued again", id, agent.name());
        return Map.of("id", id, "status", "QUEUED");
    }

    private record Progress(long done, long total, long found) {
        static Progress of(ObjectNode body) {
            return new Progress(Fields.integer(body, "done", 0, 0, Integer.MAX_VALUE), Fields.integer(body, "total", 0, 0, Integer.MAX_VALUE),
                    Fields.integer(body, "found", 0, 0, Integer.MAX_VALUE));
        }
    }

    /** The agent behind the request; a user's token reaches these paths only through the users' chain, and is refused. */
    private static AgentCaller agent(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof AgentCaller agent) {
            return agent;
        }
        throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "/api/v1/agent/... is for scanner agents with an agent token"
                + " ('certatlas scanner --token-file'); a user starts and watches jobs with /api/v1/scans", Optional.empty(), Map.of());
    }

    private static String worker(AgentCaller agent, ObjectNode body) {
        String lease = Fields.text(body, "lease").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badField("lease", "'lease' must be the lease id the claim answered"));
        return ScanJobQueue.agentWorker(agent.name(), lease);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no scan job " + id + "; job ids are UUIDs as the claim answered");
        }
    }

    private static void held(boolean stillTheCallers, String id) {
        if (!stillTheCallers) {
            throw new ApiException(HttpStatus.CONFLICT, "LEASE_LOST", "scan job " + id + " is no longer this agent's: its lease"
                    + " lapsed and it was queued again, or it ended; stop working on it", Optional.empty(), Map.of());
        }
    }
}
