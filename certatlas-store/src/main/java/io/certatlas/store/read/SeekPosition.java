package io.certatlas.store.read;

import java.util.List;

/**
 * Where one row stands in a sorted list: its sort keys and, last, its id, typed as the sort
 * columns are (Instant, Integer, Long, String). A page that starts after a position is read with
 * a keyset condition, so its cost does not grow with how far down the list it is.
 */
public record SeekPosition(List<Object> values) {
    public SeekPosition {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a seek position needs at least the row's id");
        }
    }
}
