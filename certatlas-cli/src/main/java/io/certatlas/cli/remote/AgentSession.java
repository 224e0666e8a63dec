package io.certatlas.cli.remote;

import io.certatlas.scan.ScanProgress;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scanner agent's calls to its server ({@code /api/v1/agent/jobs/...}), made with its agent
 * token. The token is the agent's only credential: it is never renewed, so a refusal (401) means
 * it was revoked, and {@link #token(boolean)} says so instead of asking for another.
 */
public final class AgentSession implements ObservationUpload.TokenSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOBS = "/api/v1/agent/jobs/";

    private final RemoteServer server;
    private final String token;
    private final Optional<String> zone;
    private volatile String identity = "";

    /** @param zone the zone the agent means to serve; the server refuses (403) a token of another zone */
    public AgentSession(RemoteServer server, String token, Optional<String> zone) {
        this.server = Objects.requireNonNull(server, "server");
        this.token = Objects.requireNonNull(token, "token");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public RemoteServer server() {
        return server;
    }

    /** "agent NAME of zone ZONE", as the server named it at the last claim; empty before any. */
    public String identity() {
        return identity;
    }

    /** Takes the oldest queued job of the agent's zone; empty when there is none. */
    public Optional<LeasedJob> claim() throws IOException, InterruptedException, ServerRefused {
        ObjectNode body = JSON.createObjectNode();
        zone.ifPresent(z -> body.put("zone", z));
        JsonNode answer = server.post(JOBS + "claim", token, JSON.writeValueAsBytes(body));
        identity = "agent " + answer.path("agent").asString("?") + " of zone " + answer.path("zone").asString("?");
        JsonNode job = answer.path("job");
        if (!job.isObject()) {
            return Optional.empty();
        }
        if (!job.path("request").isObject() || !job.path("id").isString() || !job.path("lease").isString()) {
            throw new IOException("the server's claim answer lacks the job's id, lease or request: " + abbreviated(answer));
        }
        Duration heartbeat = Duration.ofMillis(Math.max(500, Math.round(job.path("heartbeatSeconds").asDouble(20) * 1000)));
        return Optional.of(new LeasedJob(job.get("id").asString(), (ObjectNode) job.get("request"), job.get("lease").asString(), heartbeat));
    }

    /** Renews the lease and reports progress; 409 (a {@link ServerRefused}) when the job is no longer this agent's. */
    public void heartbeat(LeasedJob job, ScanProgress progress) throws IOException, InterruptedException, ServerRefused {
        post(job, "heartbeat", counts(job, progress.done(), progress.total(), progress.found()));
    }

    public void finish(LeasedJob job, long done, long total, long found, Map<String, Object> summary)
            throws IOException, InterruptedException, ServerRefused {
        Map<String, Object> body = counts(job, done, total, found);
        body.put("summary", summary);
        post(job, "finish", body);
    }

    public void fail(LeasedJob job, String error) throws IOException, InterruptedException, ServerRefused {
        post(job, "fail", Map.of("lease", job.lease(), "error", error));
    }

    /** Hands the job back to the queue at once (the agent is stopping). */
    public void release(LeasedJob job) throws IOException, InterruptedException, ServerRefused {
        post(job, "release", Map.of("lease", job.lease()));
    }

    @Override
    public String token(boolean renew) throws ServerRefused {
        if (renew) {
            throw new ServerRefused(401, "the server refused the agent token: it was revoked or is unknown", Optional.empty());
        }
        return token;
    }

    private void post(LeasedJob job, String action, Map<String, Object> body) throws IOException, InterruptedException, ServerRefused {
        server.post(JOBS + job.id() + "/" + action, token, JSON.writeValueAsBytes(body));
    }

    private static Map<String, Object> counts(LeasedJob job, long done, long total, long found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lease", job.lease());
        body.put("done", clamp(done));
        body.put("total", clamp(total));
        body.put("found", clamp(found));
        return body;
    }

    private static long clamp(long count) {
        return Math.min(Math.max(count, 0), Integer.MAX_VALUE);
    }

    private static String abbreviated(JsonNode answer) {
        String text = answer.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
