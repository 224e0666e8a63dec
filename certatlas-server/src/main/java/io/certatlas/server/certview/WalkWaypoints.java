package io.certatlas.server.certview;

import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.Seek;
import io.certatlas.store.read.SeekPosition;
import io.certatlas.store.read.Waypoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The rows a page read far into a list passed, kept per inventory snapshot, question and starting
 * position, so that the next read of that page or one near it starts from there instead of
 * walking the sort index again. A page asked out of turn (page 4,000 after page 0) passes over
 * hundreds of thousands of index entries; asked again, by the same client or another with the
 * same question and scope, it costs what a page read in turn costs.
 *
 * <p>Exact by construction: a waypoint is placed relative to the seek's own start, and is used
 * only in the snapshot it was found in (the key names the snapshot, as {@link TotalCounts}'s
 * does), where the rows between cannot have changed. So a seek answered through a waypoint reads
 * the very rows the walk it replaces would have read. Bounded; least recently used forgotten first.
 */
@Component
public final class WalkWaypoints {

    static final int WALKS = 4_096;
    static final int PER_WALK = 64;

    private final Map<String, TreeMap<Long, SeekPosition>> walks = new RecentlyUsed<>(WALKS);

    /**
     * Reads the page {@code seek} describes with {@code read}, starting from the nearest row kept
     * before it when one is known, and keeps the rows that read passed ({@code passed}).
     */
    public <P> P read(InventorySnapshot snapshot, String question, Seek seek, Function<Seek, P> read,
                      Function<P, List<Waypoint>> passed) {
        if (!snapshot.reusable() || seek.skip() == 0) {
            return read.apply(seek);
        }
        String key = key(snapshot, question, seek);
        Map.Entry<Long, SeekPosition> nearest;
        synchronized (walks) {
            TreeMap<Long, SeekPosition> known = walks.get(key);
            nearest = known == null ? null : known.floorEntry(seek.skip());
        }
        long start = nearest == null ? 0 : nearest.getKey();
        // The list's length says nothing about rows before the waypoint: from it, the walk goes forwards.
        P page = read.apply(nearest == null ? seek
                : new Seek(Optional.of(nearest.getValue()), seek.skip() - start, seek.size(), OptionalLong.empty()));
        List<Waypoint> waypoints = passed.apply(page);
        if (!waypoints.isEmpty()) {
            synchronized (walks) {
                TreeMap<Long, SeekPosition> known = walks.computeIfAbsent(key, k -> new TreeMap<>());
                for (Waypoint waypoint : waypoints) {
                    known.put(start + waypoint.offset(), waypoint.position());
                }
                while (known.size() > PER_WALK) {
                    known.pollFirstEntry();
                }
            }
        }
        return page;
    }

    private static String key(InventorySnapshot snapshot, String question, Seek seek) {
        return snapshot.id() + '\u0000' + question + '\u0000' + seek.after().map(SeekPosition::values);
    }
}
