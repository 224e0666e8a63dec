package io.certatlas.store.read;

/**
 * A row a keyset read passed or ended on, placed relative to where its {@link Seek} started: the
 * row {@code offset} rows after the seek's {@code after} position (or after the top of the list),
 * counting that row. In the same snapshot and list, a seek of {@code after} skipping {@code n}
 * rows reads exactly what a seek from this row skipping {@code n - offset} rows reads, without
 * walking the rows between again.
 */
public record Waypoint(long offset, SeekPosition position) {
    public Waypoint {
        if (offset < 1) {
            throw new IllegalArgumentException("a waypoint lies 1 row or more after the start, was " + offset);
        }
    }
}
