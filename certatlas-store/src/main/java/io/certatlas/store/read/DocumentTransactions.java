package io.certatlas.store.read;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The transactions in which this process stored certificate documents, so that they do not make
 * the inventory look changed. A snapshot's id ({@link InventorySnapshot#id()}) names what it sees,
 * and the page cache and the lists' totals are kept per id; but storing documents is a write, and
 * any write gives later snapshots another {@code pg_current_snapshot()}. Storing the bodies a busy
 * minute reads would then make every list count its total again after each store. A document
 * changes no answer (a page from documents is byte for byte the page read without them), so a
 * snapshot is named as if these transactions had not happened: they are left out of its list of
 * transactions in progress, and its upper bound is lowered past those of them that came last.
 * Two snapshots named alike still see the same rows of every other table.
 */
public final class DocumentTransactions {

    /** Kept ids past this many are forgotten, oldest first (a snapshot this old is long gone). */
    private static final int KEPT = 10_000;

    private final NavigableSet<Long> own = new ConcurrentSkipListSet<>();

    /** Notes a transaction that writes nothing but certificate documents; before it commits. */
    public void add(long transactionId) {
        own.add(transactionId);
        while (own.size() > KEPT) {
            own.pollFirst();
        }
    }

    /**
     * The name of a snapshot given as {@code pg_current_snapshot()} writes it
     * ({@code xmin:xmax:xip,...}), without this process's document transactions; the text as it
     * is when it is not in that form.
     */
    public String name(String snapshot) {
        String[] parts = snapshot.split(":", -1);
        if (parts.length != 3) {
            return snapshot;
        }
        try {
            long xmax = Long.parseLong(parts[1]);
            List<Long> inProgress = new ArrayList<>();
            for (String xid : parts[2].isEmpty() ? new String[0] : parts[2].split(",")) {
                long id = Long.parseLong(xid);
                if (!own.contains(id)) {
                    inProgress.add(id);
                }
            }
            inProgress.sort(null);
            // Transaction ids below xmax that are ours, from the top down, as if never given out.
            while (own.contains(xmax - 1)) {
                xmax--;
            }
            StringBuilder name = new StringBuilder("v").append(xmax).append(':');
            for (int i = 0; i < inProgress.size(); i++) {
                name.append(i == 0 ? "" : ",").append(inProgress.get(i));
            }
            return name.toString();
        } catch (NumberFormatException e) {
            return snapshot;
        }
    }
}
