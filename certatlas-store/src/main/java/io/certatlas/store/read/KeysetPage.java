package io.certatlas.store.read;

import java.util.List;
import java.util.Optional;

/** The ids of one page in order, and the position of its last row (empty for an empty page). */
public record KeysetPage(List<Long> ids, Optional<SeekPosition> last) {
    public KeysetPage {
        ids = List.copyOf(ids);
    }
}
