package io.certatlas.server.certview;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that holds at most {@code capacity} entries and forgets the least recently used one
 * first: what the per-snapshot and per-walk memories of the list endpoints keep. Not thread-safe;
 * its owners synchronise on it.
 */
final class RecentlyUsed<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    RecentlyUsed(int capacity) {
        super(256, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
