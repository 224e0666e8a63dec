package io.certatlas.store.read;

import java.util.Optional;

/**
 * How to reach a page: start after a known row ({@code after}, empty: from the top), pass over
 * {@code skip} more rows, then take {@code size}. Skipped rows are read from the sort index alone
 * (their keys and ids), never as whole rows.
 */
public record Seek(Optional<SeekPosition> after, long skip, int size) {
    public Seek {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be 0 or more, was " + skip);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be 1 or more, was " + size);
        }
    }

    /** A page counted from the top of the list. */
    public static Seek of(Page page) {
        return new Seek(Optional.empty(), page.offset(), page.size());
    }
}
