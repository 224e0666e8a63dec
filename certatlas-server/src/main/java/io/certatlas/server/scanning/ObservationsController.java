package io.certatlas.server.scanning;

import io.certatlas.scan.ScanOptions;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.api.JsonSyntaxProblem;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/observations}: a remote scanner ({@code certatlas scan --server URL}) posts
 * the TLS endpoints it found, in batches; managers and scanner agents only. The whole batch is checked and judged
 * before anything is recorded, so a refused batch records nothing; then each endpoint is recorded
 * in its own transaction, as a server scan records it. Recording is idempotent, so a batch whose
 * answer was lost may be posted again.
 */
@RestController
@RequestMapping("/api/v1/observations")
public class ObservationsController {

    /** Endpoints one batch may hold: enough to keep a scan streaming, few enough to judge within a request. */
    public static final int MAX_ENDPOINTS = 200;
    /** The body cap: 200 endpoints with chains of a few certificates fit well within it. */
    public static final int MAX_BODY_BYTES = 8 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final System.Logger LOG = System.getLogger(ObservationsController.class.getName());

    private final Inventory inventory;
    private final PostedEndpoints judge;
    private final Clock clock;

    public ObservationsController(Database database, Clock clock) {
        this.inventory = new Inventory(database);
        // The trust a server scan judges by (ScanJobRunner's defaults), so both kinds of scan agree.
        this.judge = new PostedEndpoints(ScanOptions.defaults().trustAnchors(), clock);
        this.clock = clock;
    }

    @PostMapping
    public Map<String, Object> record(Principal caller, HttpServletRequest request) {
        PostedField body = PostedField.root(read(request));
        if (!body.node().isObject()) {
            throw ApiException.badBody("the body must be a JSON object {\"endpoints\": [...]}; see docs/api.md, POST /api/v1/observations");
        }
        Instant now = clock.instant();
        List<Observation> observations = new ArrayList<>();
        for (PostedField item : body.get("endpoints").items(1, MAX_ENDPOINTS)) {
            observations.add(judge.observe(ObservedEndpoint.fromJson(item, now), item));
        }
        List<Map<String, Object>> recorded = new ArrayList<>();
        for (Observation observation : observations) {
            try {
                inventory.record(observation);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "recording an endpoint posted by " + caller.getName() + " failed after "
                        + recorded.size() + " of " + observations.size() + ": " + e, e);
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "RECORDING_FAILED", "the inventory could not record endpoint "
                        + recorded.size() + " of the batch (" + recorded.size() + " recorded before it); post the batch again: "
                        + "recording the same endpoint twice changes nothing", Optional.empty(), Map.of("recorded", recorded.size()));
            }
            recorded.add(summary(observation));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", observations.size());
        answer.put("recorded", recorded.size());
        answer.put("endpoints", recorded);
        return answer;
    }

    /** What the server made of one endpoint: its certificate, grade and findings, as now recorded. */
    private static Map<String, Object> summary(Observation observation) {
        Map<String, Object> json = new LinkedHashMap<>();
        Observation.ObservedInstance instance = observation.instance().orElseThrow();
        json.put("address", observation.asset().orElseThrow().address());
        json.put("hostname", instance.fqdn());
        json.put("port", instance.port());
        json.put("certhash", observation.chain().getFirst().certhash());
        json.put("grade", instance.grade());
        json.put("findings", observation.findings().stream().map(Observation.ObservedFinding::qid).toList());
        return json;
    }

    /** Reads the body as one strict JSON value, refusing more than {@link #MAX_BODY_BYTES} with 413. */
    private static JsonNode read(HttpServletRequest request) {
        byte[] bytes = JsonRequest.bodyBytes(request, MAX_BODY_BYTES, ObservationsController::tooLarge);
        if (bytes.length == 0) {
            throw ApiException.badBody("the body is empty; post {\"endpoints\": [...]} as docs/api.md describes");
        }
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badBody("the request body is not valid JSON (" + JsonSyntaxProblem.describe(e) + ")");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the batch is larger than "
                + (MAX_BODY_BYTES >> 20) + " MiB; post fewer endpoints per request (at most " + MAX_ENDPOINTS + ")",
                Optional.empty(), Map.of());
    }
}
