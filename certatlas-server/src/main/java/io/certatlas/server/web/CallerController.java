package io.certatlas.server.web;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the token belongs to, their role and scope, so the page offers a
 * manager's pages only to managers (the API refuses the rest whatever the page offers).
 */
@RestController
public class CallerController {

    private final Accounts accounts;

    public CallerController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/me")
    public Map<String, Object> me(@AuthenticationPrincipal Caller caller) {
        Account account = accounts.find(caller.username())
                .orElseThrow(() -> ApiException.notFound("the user '" + caller.username() + "' no longer exists"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", account.username());
        json.put("role", account.role().name().toLowerCase(Locale.ROOT));
        json.put("scope", account.scopeTags());
        return json;
    }
}
