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

    /** A seek that reads what {@code seek} reads, from the nearest known row before its page; {@code seek} when none is known. */
    public Shortcut shortcut(InventorySnapshot snapshot, String question, Seek seek) {
        if (!snapshot.reusable() || seek.skip() == 0) {
            return new Shortcut(seek, 0);
        }
        Map.Entry<Long, SeekPosition> nearest;
        synchronized (walks) {
            TreeMap<Long, SeekPosition> known = walks.get(key(snapshot, question, seek));
            nearest = known == null ? null : known.floorEntry(seek.skip());
        }
        if (nearest == null) {
            return new Shortcut(seek, 0);
        }
        // The list's length says nothing about rows before the waypoint: from it, the walk goes forwards.
        return new Shortcut(new Seek(Optional.of(nearest.getValue()), seek.skip() - nearest.getKey(), seek.size(),
                OptionalLong.empty()), nearest.getKey());
    }

    /** Keeps what a read of {@code shortcut} (for {@code seek}) passed, placed relative to {@code seek}'s start. */
    public void passed(InventorySnapshot snapshot, String question, Seek seek, Shortcut shortcut, List<Waypoint> waypoints) {
        if (!snapshot.reusable() || seek.skip() == 0 || waypoints.isEmpty()) {
            return;
        }
        synchronized (walks) {
            TreeMap<Long, SeekPosition> known = walks.computeIfAbsent(key(snapshot, question, seek), k -> new TreeMap<>());
            for (Waypoint waypoint : waypoints) {
                known.put(shortcut.offset() + waypoint.offset(), waypoint.position());
            }
            while (known.size() > PER_WALK) {
                known.pollFirstEntry();
            }
        }
    }

    private static String key(InventorySnapshot snapshot, String question, Seek seek) {
        return snapshot.id() + '\u0000' + question + '\u0000' + seek.after().map(SeekPosition::values);
    }

    /** The seek to read with, and how many rows after the original seek's start it starts. */
    public record Shortcut(Seek seek, long offset) {}
}
