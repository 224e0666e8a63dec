package io.certatlas.server.security;

import io.certatlas.store.access.Role;
import io.certatlas.store.access.Scope;

/** Who is asking, as established from a valid bearer token and the account behind it. */
public record Caller(long accountId, String username, Role role, Scope scope) {

    public boolean isManager() {
        return role == Role.MANAGER;
    }
}
