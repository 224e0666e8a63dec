package io.certatlas.store.read;

import java.util.OptionalLong;

/**
 * What the page's snapshot already knows of its filter: how many certificates it matches, and
 * (for a scoped caller) how many the caller sees in all, both counted in that snapshot (a list's
 * total is counted before its page). A page past the last match then reads nothing, and a scoped
 * page does not look among the first visible certificates for matches too rare to be there.
 */
public record Matches(long matching, OptionalLong visible) {

    public Matches {
        if (matching < 0 || (visible.isPresent() && visible.getAsLong() < matching)) {
            throw new IllegalArgumentException("matching " + matching + " of " + visible + " visible");
        }
    }

    /**
     * Whether {@code candidates} visible certificates, taken in an order the filter does not
     * follow, hold by expectation twice {@code wanted} matches; without the number visible, yes.
     */
    boolean plentyAmong(long candidates, long wanted) {
        if (visible.isEmpty()) {
            return true;
        }
        return visible.getAsLong() > 0 && (double) matching / visible.getAsLong() * candidates >= 2.0 * wanted;
    }
}
