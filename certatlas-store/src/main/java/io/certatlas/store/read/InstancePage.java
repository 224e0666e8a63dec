package io.certatlas.store.read;

import java.util.List;
import java.util.Optional;

/** A page of host instances read by keyset, and where it ended. */
public record InstancePage(List<ServedInstance> rows, Optional<SeekPosition> last) {
    public InstancePage {
        rows = List.copyOf(rows);
    }
}
