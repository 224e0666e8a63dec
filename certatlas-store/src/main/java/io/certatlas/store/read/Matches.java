package io.certatlas.store.read;

import java.util.OptionalLong;
import org.jooq.Condition;

/**
 * What the page's snapshot already knows of its filter: how many certificates it matches, by
 * which condition they were counted (the filter's count form, on alias {@code c}, selecting
 * exactly what the page condition selects), and, for a scoped caller, how many the caller sees in
 * all; counted in that snapshot (a list's total is counted before its page). A page past the last
 * match then reads nothing, a page among few matches is read from them, and a scoped page does
 * not look among the first visible certificates for matches too rare to be there.
 */
public record Matches(Condition countCondition, long matching, OptionalLong visible) {

    public Matches {
        java.util.Objects.requireNonNull(countCondition, "countCondition");
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
