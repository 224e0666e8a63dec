package io.certatlas.server.web;

import io.certatlas.store.overview.InventoryOverview;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last overview read for each scope, handed out again while the inventory is unchanged (the
 * same PostgreSQL snapshot) and for at most a minute (expiry windows move with the clock).
 */
final class OverviewCache {

    static final Duration LONGEST = Duration.ofMinutes(1);
    /** Scopes kept at once; beyond it the cache starts over (each entry is a few kilobytes). */
    static final int MAX_SCOPES = 1000;

    private record Kept(String version, Instant read, InventoryOverview overview) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    Optional<InventoryOverview> find(String scope, String version, Instant now) {
        Kept entry = kept.get(scope);
        if (entry == null || !entry.version().equals(version) || !now.isBefore(entry.read().plus(LONGEST))
                || now.isBefore(entry.read())) {
            return Optional.empty();
        }
        return Optional.of(entry.overview());
    }

    /** The last figures read for {@code scope}, however old, to answer while newer ones are read. */
    Optional<InventoryOverview> last(String scope) {
        return Optional.ofNullable(kept.get(scope)).map(Kept::overview);
    }

    /** Keeps what was read for {@code scope} while the inventory was at {@code version}. */
    void keep(String scope, String version, Instant read, InventoryOverview overview) {
        if (kept.size() >= MAX_SCOPES && !kept.containsKey(scope)) {
            kept.clear();
        }
        kept.put(scope, new Kept(version, read, overview));
    }
}
