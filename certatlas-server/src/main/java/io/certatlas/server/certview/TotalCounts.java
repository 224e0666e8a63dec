package io.certatlas.server.certview;

import io.certatlas.store.access.Scope;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.read.InventorySnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * How many records a list had, per inventory snapshot and question. Paging through a list asks
 * for its total with every page; within one snapshot the answer cannot change (the key names the
 * snapshot, as the page cache's does), so it is counted once. A question that moves with time
 * (expiry groups, dates relative to now) is a new question every second; within one snapshot its
 * total is the last one known plus what changed since, counted among the few rows the moving
 * bounds passed. A total is counted by one request at a time; others asking for it meanwhile wait
 * for that count. Bounded; oldest forgotten first.
 */
@Component
public final class TotalCounts {

    static final int KEPT = 4_096;

    /** A total and the instant its question was asked at. */
    private record Counted(Instant at, long total) {
    }

    /** What a question that moves with time changed by since an earlier instant, when that can be counted. */
    @FunctionalInterface
    public interface Change {
        OptionalLong since(Instant earlier);
    }

    private final Map<String, Counted> counts = new RecentlyUsed<>(KEPT);
    /** The totals being counted now, each by one request; guarded by {@code counts}. */
    private final Map<String, CompletableFuture<Void>> counting = new HashMap<>();

    /**
     * The total of a certificate list in {@code snapshot}; {@code filterText} is the filter's page
     * condition with its values written in. A filter that moves with time is named by its form at
     * a fixed instant, so that asking it a second later finds the total known a second before.
     */
    public long certificates(InventorySnapshot snapshot, CertificateFilter filter, Scope scope, String filterText) {
        if (!filter.movesWithTime()) {
            return get(snapshot, scope + " certificates " + filterText,
                    () -> snapshot.countCertificates(filter.countCondition(), scope));
        }
        return get(snapshot, scope + " certificates moving with time "
                        + CertificatesController.inline(filter.countConditionAt(Instant.EPOCH)),
                filter.now(), () -> snapshot.countCertificates(filter.countCondition(), scope),
                earlier -> filter.changeSince(earlier)
                        .map(change -> OptionalLong.of(snapshot.countCertificatesChange(change, scope)))
                        .orElse(OptionalLong.empty()));
    }

    /** The total for {@code snapshot} and {@code question}, counted by {@code count} when not known. */
    public long get(InventorySnapshot snapshot, String question, LongSupplier count) {
        return get(snapshot, question, Instant.EPOCH, count, earlier -> OptionalLong.empty());
    }

    /**
     * The total for {@code snapshot} and {@code question} asked at {@code now}; {@code question}
     * names it without the instant. Known at another instant in the same snapshot: that total
     * plus {@code change} since then, when it can tell; otherwise counted by {@code count}.
     */
    public long get(InventorySnapshot snapshot, String question, Instant now, LongSupplier count, Change change) {
        if (!snapshot.reusable()) {
            return count.getAsLong();
        }
        String key = snapshot.id() + '\u0000' + question;
        while (true) {
            Counted known;
            CompletableFuture<Void> running;
            CompletableFuture<Void> mine = null;
            synchronized (counts) {
                known = counts.get(key);
                if (known != null && known.at().equals(now)) {
                    return known.total();
                }
                running = counting.get(key);
                if (running == null) {
                    mine = new CompletableFuture<>();
                    counting.put(key, mine);
                }
            }
            if (running != null) {
                // Another request counts this total in this snapshot: one count, not one per
                // request (sixteen clients paging one new filter counted it sixteen times at once).
                running.join();
                continue;
            }
            try {
                OptionalLong changed = known == null ? OptionalLong.empty() : change.since(known.at());
                long total = changed.isPresent() ? known.total() + changed.getAsLong() : count.getAsLong();
                synchronized (counts) {
                    Counted latest = counts.get(key);
                    if (latest == null || !latest.at().isAfter(now)) {
                        counts.put(key, new Counted(now, total));
                    }
                }
                return total;
            } finally {
                synchronized (counts) {
                    counting.remove(key);
                }
                mine.complete(null);
            }
        }
    }
}
