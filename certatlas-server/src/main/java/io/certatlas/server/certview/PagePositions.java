package io.certatlas.server.certview;

import io.certatlas.store.read.Page;
import io.certatlas.store.read.Seek;
import io.certatlas.store.read.SeekPosition;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Page numbers outside, keyset inside. For each walk through a list (one caller, one question,
 * one page size) this remembers where each page read so far ended. Page n then starts right
 * after the end of page n-1: it costs what page 0 costs however deep it is, and rows added or
 * removed ahead of it meanwhile neither repeat nor skip a row of the walk. A page whose
 * predecessor is not known is reached from the nearest known page end before it (or from the top)
 * by passing over the rows between, read from the sort index alone. Asking for page 0 starts a
 * new walk. Bounded: at most {@value #WALKS} walks of at most {@value #PAGES_PER_WALK} pages,
 * least recently used forgotten first; a forgotten walk goes on by counting from the top.
 */
@Component
public final class PagePositions {

    static final int WALKS = 4_096;
    static final int PAGES_PER_WALK = 100_000;

    private final Map<String, TreeMap<Integer, SeekPosition>> walks = new RecentlyUsed<>(WALKS);

    /** How to read {@code page} of the walk {@code walk}. */
    public Seek seek(String walk, Page page) {
        synchronized (walks) {
            TreeMap<Integer, SeekPosition> ends = walks.get(walk);
            if (page.number() == 0) {
                if (ends != null) {
                    ends.clear();
                }
                return Seek.of(page);
            }
            Map.Entry<Integer, SeekPosition> known = ends == null ? null : ends.floorEntry(page.number() - 1);
            if (known == null) {
                return Seek.of(page);
            }
            long between = (long) (page.number() - 1 - known.getKey()) * page.size();
            return new Seek(Optional.of(known.getValue()), between, page.size());
        }
    }

    /** Remembers where {@code page} of the walk ended (nothing for an empty page: the walk is over). */
    public void ended(String walk, Page page, Optional<SeekPosition> last) {
        if (last.isEmpty()) {
            return;
        }
        synchronized (walks) {
            TreeMap<Integer, SeekPosition> ends = walks.computeIfAbsent(walk, k -> new TreeMap<>());
            if (ends.size() >= PAGES_PER_WALK && !ends.containsKey(page.number())) {
                ends.pollFirstEntry();
            }
            ends.put(page.number(), last.get());
        }
    }
}
