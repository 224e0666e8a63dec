package io.certatlas.store.read;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to reach a page: start after a known row ({@code after}, empty: from the top), pass over
 * {@code skip} more rows, then take {@code size}. Skipped rows are read from the sort index alone
 * (their keys and ids), never as whole rows.
 *
 * <p>{@code listLength}, when present, is how many rows the whole list holds, counted with the
 * same filter and scope in the same snapshot the page is read in. A page nearer the end of the
 * list than its start is then reached by passing over the rows after it instead of those before
 * it ({@link KeysetQuery}); a count from any other view would read the wrong rows.
 */
public record Seek(Optional<SeekPosition> after, long skip, int size, OptionalLong listLength) {
    public Seek {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be 0 or more, was " + skip);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be 1 or more, was " + size);
        }
        if (listLength.isPresent() && listLength.getAsLong() < 0) {
            throw new IllegalArgumentException("a list holds 0 rows or more, was " + listLength.getAsLong());
        }
    }

    /** A seek whose list's length is not known: the rows before the page are passed over. */
    public Seek(Optional<SeekPosition> after, long skip, int size) {
        this(after, skip, size, OptionalLong.empty());
    }

    /** A page counted from the top of the list. */
    public static Seek of(Page page) {
        return new Seek(Optional.empty(), page.offset(), page.size());
    }

    /** This seek in a list of {@code rows} rows, counted in the snapshot the page will be read in. */
    public Seek inListOf(long rows) {
        return new Seek(after, skip, size, OptionalLong.of(rows));
    }
}
