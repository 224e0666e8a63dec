package io.certatlas.server.certview;

import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.SeekPosition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Answers one page of a list, v1 or v2: read in one snapshot of the inventory together with the
 * list's total (sent as {@code X-Total-Count}), through the page cache when it is on. A page in
 * the cache is filed under the snapshot it was read in, so a kept page is only ever handed out
 * for a request that would read exactly the same rows. On the read replica the snapshot is named
 * by the WAL position it holds, never by a primary's snapshot, so a page read there is never
 * handed out as newer than it is.
 */
@Component
public final class PagedAnswers {

    /** The header that carries how many records the whole list has, counted with the page. */
    public static final String TOTAL_COUNT = "X-Total-Count";

    private final CertificateReader reader;
    private final PageCache cache;

    public PagedAnswers(CertificateReader reader, PageCache cache) {
        this.reader = reader;
        this.cache = cache;
    }

    /** One page read and written in a snapshot. */
    record Rendered(CertViewJson.Buffer json, long total, Optional<SeekPosition> last) {}

    /** Reads and writes the page in the snapshot it is given. */
    @FunctionalInterface
    interface Reading {
        Rendered read(InventorySnapshot snapshot);
    }

    /**
     * Answers the page; {@code keyIn} names it for the cache given the snapshot's id. Returns where
     * the page ended, for the next page's seek.
     */
    Optional<SeekPosition> answer(HttpServletRequest request, HttpServletResponse response,
                                  Function<String, PageCache.Key> keyIn, Reading reading) throws IOException {
        PageCache.Key key;
        PageCache.Lookup lookup;
        Rendered rendered = null;
        try (InventorySnapshot snapshot = reader.snapshot()) {
            // A replica's view caught mid-replay has a name of its own: nothing read in it is kept.
            if (!cache.enabled() || !snapshot.reusable()) {
                rendered = reading.read(snapshot);
                lookup = null;
                key = null;
            } else {
                key = keyIn.apply(snapshot.id());
                lookup = cache.lookup(key);
                if (lookup instanceof PageCache.Lookup.Claimed) {
                    rendered = forOthers(key, () -> reading.read(snapshot));
                }
            }
        }
        if (lookup == null) {
            total(response, rendered.total());
            CertViewJson.respond(response, rendered.json());
            return rendered.last();
        }
        switch (lookup) {
            case PageCache.Lookup.Kept kept -> {
                return respondKept(request, response, kept.entry());
            }
            case PageCache.Lookup.Reading waiting -> {
                Optional<PageCache.Entry> read = waiting.await();
                if (read.isPresent()) {
                    return respondKept(request, response, read.get());
                }
                Rendered own;
                try (InventorySnapshot snapshot = reader.snapshot()) {
                    own = reading.read(snapshot);
                }
                total(response, own.total());
                CertViewJson.respond(response, own.json());
                return own.last();
            }
            case PageCache.Lookup.Claimed claimed -> {
                total(response, rendered.total());
                CertViewJson.Buffer json = rendered.json();
                if (json.length() > PageCache.MAX_PAGE_BYTES) {
                    cache.abandon(key);
                    CertViewJson.respond(response, json);
                } else {
                    CertViewJson.respond(request, response, json,
                            cache.put(key, json.bytes(), json.length(), rendered.total(), rendered.last()));
                }
                return rendered.last();
            }
        }
    }

    private static Optional<SeekPosition> respondKept(HttpServletRequest request, HttpServletResponse response,
                                                      PageCache.Entry entry) throws IOException {
        total(response, entry.total());
        CertViewJson.respond(request, response, entry);
        return entry.last();
    }

    private static void total(HttpServletResponse response, long total) {
        if (total >= 0) {
            response.setHeader(TOTAL_COUNT, Long.toString(total));
        }
    }

    /** Does part of reading a page claimed in the cache; if it fails, the claim is given up, or whoever waits for the page would wait in vain. */
    private <T> T forOthers(PageCache.Key key, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            cache.abandon(key);
            throw e;
        }
    }
}
