package io.certatlas.server.certview;

import io.certatlas.store.read.InventorySnapshot;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * How many records a list had, per inventory snapshot and question. Paging through a list asks
 * for its total with every page; within one snapshot the answer cannot change (the key names the
 * snapshot, as the page cache's does), so it is counted once. Bounded; oldest forgotten first.
 */
@Component
public final class TotalCounts {

    static final int KEPT = 4_096;

    private final Map<String, Long> counts = new RecentlyUsed<>(KEPT);

    /** The total for {@code snapshot} and {@code question}, counted by {@code count} when not known. */
    public long get(InventorySnapshot snapshot, String question, LongSupplier count) {
        if (!snapshot.reusable()) {
            return count.getAsLong();
        }
        String key = snapshot.id() + '\u0000' + question;
        synchronized (counts) {
            Long known = counts.get(key);
            if (known != null) {
                return known;
            }
        }
        long total = count.getAsLong();
        synchronized (counts) {
            counts.put(key, total);
        }
        return total;
    }
}
