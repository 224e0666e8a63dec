package io.certatlas.server.agents;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.Database;
import io.certatlas.store.jobs.AgentToken;
import io.certatlas.store.jobs.AgentTokens;
import io.certatlas.store.jobs.IssuedAgentToken;
import io.certatlas.store.jobs.Zone;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Managers create, list and revoke scanner agents' tokens: {@code /api/v1/agent-tokens}
 * (managers only, SecurityConfiguration). The secret is in the answer to the creation and nowhere
 * else, ever.
 */
@RestController
@RequestMapping("/api/v1/agent-tokens")
public class AgentTokensController {

    private final AgentTokens tokens;

    public AgentTokensController(Database database) {
        this.tokens = new AgentTokens(database.dsl());
    }

    /** Body: {@code {"name": "dmz-scanner-1", "zone": "dmz"}}. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        String name = Fields.text(body, "name").map(String::strip)
                .orElseThrow(() -> ApiException.badField("name", "'name' is required: what the agent is, e.g. \"dmz-scanner-1\""));
        String zoneName = Fields.text(body, "zone").map(String::strip)
                .orElseThrow(() -> ApiException.badField("zone", "'zone' is required: the network zone whose jobs the agent takes, e.g. \"dmz\""));
        Zone zone;
        try {
            zone = new Zone(zoneName);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("zone", e.getMessage());
        }
        IssuedAgentToken issued = tokens.create(name, zone, caller.username());
        Map<String, Object> json = json(issued.token());
        json.put("token", issued.secret());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(json);
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return tokens.list().stream().map(AgentTokensController::json).toList();
    }

    /** Revokes by id or by the name of the token in force; the agent is refused (401) from its next request. */
    @DeleteMapping("/{idOrName}")
    public Map<String, Object> revoke(@PathVariable String idOrName) {
        return json(tokens.revoke(idOrName));
    }

    static Map<String, Object> json(AgentToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id());
        json.put("name", token.name());
        json.put("zone", token.zone().name());
        json.put("createdBy", token.createdBy());
        json.put("created", token.created().toEpochMilli());
        json.put("revoked", token.revoked().map(Instant::toEpochMilli).orElse(null));
        json.put("active", token.active());
        return json;
    }
}
