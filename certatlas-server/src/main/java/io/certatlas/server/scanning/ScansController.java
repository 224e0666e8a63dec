package io.certatlas.server.scanning;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.Database;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import io.certatlas.store.jobs.Zone;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scan jobs: a manager starts one with {@code POST /api/v1/scans} and watches it; only managers see
 * jobs (SecurityConfiguration). A job naming a {@code zone} is run by a scanner agent of that zone
 * ({@link AgentJobsController}), not by the servers' own runners.
 */
@RestController
@RequestMapping("/api/v1/scans")
public class ScansController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ScanJobQueue queue;

    public ScansController(Database database) {
        this.queue = new ScanJobQueue(database.dsl());
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> start(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        ScanRequest scan = ScanRequest.from(body);
        ScanJob job = queue.enqueue(JSON.writeValueAsString(scan), caller.username(), zone(body));
        return ResponseEntity.status(HttpStatus.CREATED).body(json(job));
    }

    @GetMapping
    public List<Map<String, Object>> recent() {
        return queue.recent(50).stream().map(ScansController::json).toList();
    }

    @GetMapping("/{id}")
    public Map<String, Object> show(@PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no scan job " + id + "; scan job ids are UUIDs as POST /api/v1/scans answered");
        }
        return json(queue.find(uuid).orElseThrow(() -> ApiException.notFound("no scan job " + id)));
    }

    /** The optional {@code zone}: the network zone whose agents run the job; none, this API's servers run it. */
    private static Optional<Zone> zone(ObjectNode body) {
        Optional<String> name = Fields.text(body, "zone").map(String::strip).filter(s -> !s.isEmpty());
        try {
            return name.map(Zone::new);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("zone", e.getMessage());
        }
    }

    static Map<String, Object> json(ScanJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.uuid().toString());
        json.put("status", job.status());
        json.put("request", JSON.readTree(job.requestJson()));
        json.put("zone", job.zone().map(Zone::name).orElse(null));
        json.put("agent", job.agent().orElse(null));
        json.put("createdBy", job.createdBy());
        json.put("total", job.total());
        json.put("done", job.done());
        json.put("found", job.found());
        json.put("error", job.error());
        json.put("summary", job.summaryJson().map(JSON::readTree).orElse(null));
        json.put("created", job.created().toEpochMilli());
        json.put("started", job.started().map(java.time.Instant::toEpochMilli).orElse(null));
        json.put("finished", job.finished().map(java.time.Instant::toEpochMilli).orElse(null));
        return json;
    }
}
