package io.certatlas.store.read;

import java.util.List;
import java.util.Optional;

/** A page of host instances read by keyset, where it ended, and the rows it can place ({@link KeysetPage}). */
public record InstancePage(List<ServedInstance> rows, Optional<SeekPosition> last, List<Waypoint> waypoints) {
    public InstancePage {
        rows = List.copyOf(rows);
        waypoints = List.copyOf(waypoints);
    }
}
