package io.certatlas.server.admin;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Managers manage users and their scopes: {@code /api/v1/users}. */
@RestController
@RequestMapping("/api/v1/users")
public class UsersController {

    private final Accounts accounts;

    public UsersController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return accounts.list().stream().map(UsersController::json).toList();
    }

    @GetMapping("/{username}")
    public Map<String, Object> show(@PathVariable String username) {
        return json(accounts.find(username).orElseThrow(() -> ApiException.notFound("no user named '" + username + "'")));
    }

    /** Body: {@code {"username": "...", "password": "...", "role": "user"|"manager", "scope": ["tag", ...]}}. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        String username = Fields.text(body, "username").map(String::strip)
                .orElseThrow(() -> ApiException.badField("username", "'username' is required"));
        String password = Fields.text(body, "password")
                .orElseThrow(() -> ApiException.badField("password", "'password' is required (at least 12 characters, at most 72 bytes in UTF-8)"));
        try {
            Passwords.requireAcceptable(password);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("password", e.getMessage());
        }
        Role role = Role.parse(Fields.choice(body, "role", "user", "user", "manager"));
        Account account = accounts.create(username, Passwords.encoder().encode(password), role, scope(body));
        return ResponseEntity.status(HttpStatus.CREATED).body(json(account));
    }

    /** Body: {@code {"scope": ["tag", ...]}}: replaces the user's scope. */
    @PutMapping("/{username}/scope")
    public Map<String, Object> setScope(@PathVariable String username, HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        if (!body.hasNonNull("scope")) {
            // A missing or null scope is more likely a client's mistake than a wish to empty it.
            throw ApiException.badField("scope", "'scope' is required: a list of tag names, e.g. {\"scope\": [\"HR\"]},"
                    + " or [] for none");
        }
        return json(accounts.setScope(username, scope(body)));
    }

    /** Body: {@code {"password": "..."}}. */
    @PutMapping("/{username}/password")
    public Map<String, Object> setPassword(@PathVariable String username, HttpServletRequest request) {
        String password = Fields.text(JsonRequest.read(request), "password")
                .orElseThrow(() -> ApiException.badField("password", "'password' is required (at least 12 characters, at most 72 bytes in UTF-8)"));
        try {
            Passwords.requireAcceptable(password);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("password", e.getMessage());
        }
        accounts.setPasswordHash(username, Passwords.encoder().encode(password));
        return show(username);
    }

    /** Body: {@code {"role": "user"|"manager"}}: changes the user's role; their earlier tokens stop working. */
    @PutMapping("/{username}/role")
    public Map<String, Object> setRole(@PathVariable String username, HttpServletRequest request) {
        ObjectNode body = JsonRequest.read(request);
        if (Fields.text(body, "role").isEmpty()) {
            throw ApiException.badField("role", "'role' is required: \"user\" or \"manager\"");
        }
        return json(accounts.setRole(username, Role.parse(Fields.choice(body, "role", "user", "user", "manager"))));
    }

    @DeleteMapping("/{username}")
    public ResponseEntity<Void> delete(@PathVariable String username) {
        accounts.delete(username);
        return ResponseEntity.noContent().build();
    }

    private static List<String> scope(ObjectNode body) {
        JsonNode node = body.get("scope");
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        if (node.isString()) {
            for (String part : node.asString().split(",")) {
                if (!part.isBlank()) {
                    tags.add(Fields.withoutNul("scope", part.strip()));
                }
            }
            return tags;
        }
        if (!node.isArray()) {
            throw ApiException.badField("scope", "'scope' must be a list of tag names, e.g. [\"Production\"]");
        }
        for (JsonNode tag : node) {
            if (!tag.isString() || tag.asString().isBlank()) {
                throw ApiException.badField("scope", "'scope' must be a list of tag names, e.g. [\"Production\"]");
            }
            tags.add(Fields.withoutNul("scope", tag.asString().strip()));
        }
        return tags;
    }

    static Map<String, Object> json(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", account.username());
        json.put("uuid", account.uuid().toString());
        json.put("role", account.role().name().toLowerCase(java.util.Locale.ROOT));
        json.put("scope", account.scopeTags());
        json.put("locked", account.lockedUntil().isPresent());
        json.put("created", account.created().toEpochMilli());
        return json;
    }
}
