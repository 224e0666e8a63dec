package io.certatlas.server.admin;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.store.access.TagRecord;
import io.certatlas.store.access.Tags;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Managers manage tags and which assets carry them: {@code /api/v1/tags}. */
@RestController
@RequestMapping("/api/v1/tags")
public class TagsController {

    private final Tags tags;

    public TagsController(Tags tags) {
        this.tags = tags;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return tags.list().stream().map(TagsController::json).toList();
    }

    /** Body: {@code {"name": "Production"}}. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(HttpServletRequest request) {
        String name = Fields.text(JsonRequest.read(request), "name")
                .orElseThrow(() -> ApiException.badField("name", "'name' is required, e.g. {\"name\": \"Production\"}"));
        return ResponseEntity.status(HttpStatus.CREATED).body(json(tags.create(name)));
    }

    @DeleteMapping("/{tag}")
    public ResponseEntity<Void> delete(@PathVariable String tag) {
        tags.delete(tag);
        return ResponseEntity.noContent().build();
    }

    /**
     * Body: {@code {"assets": ["<asset uuid>", ...]}} and/or {@code {"namePattern": "web-*"}} (a
     * {@code *} wildcard over asset names and addresses). Answers how many assets newly carry the tag.
     */
    @PostMapping("/{tag}/assets")
    public Map<String, Object> tagAssets(@PathVariable String tag, HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        int added = 0;
        List<UUID> uuids = uuids(body);
        if (!uuids.isEmpty()) {
            added += tags.tagAssets(tag, uuids);
        }
        var pattern = Fields.text(body, "namePattern");
        if (pattern.isPresent()) {
            added += tags.tagAssetsNamed(tag, pattern.get());
        }
        if (uuids.isEmpty() && pattern.isEmpty()) {
            throw ApiException.badField("assets", "name the assets: {\"assets\": [\"<uuid>\", ...]} or {\"namePattern\": \"web-*\"}");
        }
        return Map.of("tagged", added);
    }

    /** Body: {@code {"assets": ["<asset uuid>", ...]}}: takes the tag off these assets. */
    @DeleteMapping("/{tag}/assets")
    public Map<String, Object> untagAssets(@PathVariable String tag, HttpServletRequest request) {
        return Map.of("untagged", tags.untagAssets(tag, uuids(JsonRequest.read(request))));
    }

    private static List<UUID> uuids(ObjectNode body) {
        JsonNode node = body.get("assets");
        List<UUID> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isArray()) {
            throw ApiException.badField("assets", "'assets' must be a list of asset UUIDs");
        }
        for (JsonNode item : node) {
            try {
                result.add(UUID.fromString(item.asString()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badField("assets", "'assets' holds '" + item.asString() + "', which is not an asset UUID");
            }
        }
        return result;
    }

    static Map<String, Object> json(TagRecord tag) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", tag.name());
        json.put("uuid", tag.uuid().toString());
        json.put("assetCount", tag.assetCount());
        json.put("created", tag.created().toEpochMilli());
        return json;
    }
}
