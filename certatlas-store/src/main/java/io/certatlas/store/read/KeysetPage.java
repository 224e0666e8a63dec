package io.certatlas.store.read;

import java.util.List;
import java.util.Optional;

/**
 * The ids of one page in order, the position of its last row (empty for an empty page), and the
 * rows the read can place relative to its seek's start: the row just before the page, when the
 * seek passed over rows to reach it, and the page's last row.
 */
public record KeysetPage(List<Long> ids, Optional<SeekPosition> last, List<Waypoint> waypoints) {
    public KeysetPage {
        ids = List.copyOf(ids);
        waypoints = List.copyOf(waypoints);
    }
}
