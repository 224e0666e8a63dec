package io.certatlas.store.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A user account as stored; the password only as its slow hash. {@code tokenGeneration} is the
 * generation a token must carry to be valid: a password, role or scope change advances it.
 * {@code failedLogins} and {@code lockedUntil} are the account's current series of failed logins.
 */
public record Account(
        long id,
        UUID uuid,
        String username,
        String passwordHash,
        Role role,
        long tokenGeneration,
        int failedLogins,
        Optional<Instant> lockedUntil,
        List<String> scopeTags,
        List<Long> scopeTagIds,
        Instant created) {

    public Account {
        scopeTags = List.copyOf(scopeTags);
        scopeTagIds = List.copyOf(scopeTagIds);
    }

    public Scope scope() {
        return role == Role.MANAGER ? Scope.everything() : Scope.tags(scopeTagIds);
    }
}
