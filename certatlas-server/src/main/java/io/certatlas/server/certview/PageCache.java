package io.certatlas.server.certview;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import io.certatlas.store.read.SeekPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages of certificates already written, kept gzip-compressed and reused while the inventory has
 * not changed. The key names the inventory snapshot the page was read in (see
 * {@code InventorySnapshot}), so a page is only ever reused for a request that would read exactly
 * the same rows: any committed write, from this server or from anyone else on the database,
 * gives later requests a new snapshot and so a new key. Bounded by the compressed bytes it holds;
 * the least recently used pages go first. Requests asking for a page another request is reading
 * at that moment wait for that one instead of reading it again.
 */
public final class PageCache {

    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);

    /** What makes two requests' answers equal: the data they see, who asks, and what they ask. */
    public record Key(String snapshot, String scope, String query, long offset, int size, boolean extended) {}

    /**
     * A page as JSON, compressed; {@code length} is its uncompressed size, {@code total} how many
     * records the whole list had in the snapshot it was read in (-1: not counted), {@code last}
     * where the page ended (for the next page's keyset seek).
     */
    public record Entry(byte[] gzip, int length, long total, Optional<SeekPosition> last) {

        /** The JSON itself. */
        public void inflateTo(OutputStream out) throws IOException {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 64 * 1024)) {
                in.transferTo(out);
            }
        }

        static Entry of(byte[] json, int length, long total, Optional<SeekPosition> last) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(256, length / 8));
            try (OutputStream gzip = new FastGzip(compressed)) {
                gzip.write(json, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // memory only
            }
            return new Entry(compressed.toByteArray(), length, total, last);
        }
    }

    /** The largest uncompressed page kept; bigger ones (DER of 200 certificates, thousands of assets) are not. */
    public static final int MAX_PAGE_BYTES = 4 << 20;

    private final long capacity;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long held;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A cache holding at most {@code capacityBytes} of compressed pages; 0 keeps nothing. */
    public PageCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("the page cache size must be 0 (off) or more, was " + capacityBytes);
        }
        this.capacity = capacityBytes;
    }

    /** The size used when the operator sets none: an eighth of the heap, at most 64 MiB. */
    public static long defaultCapacity() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    public boolean enabled() {
        return capacity > 0;
    }

    /** What a request does about its page. */
    public sealed interface Lookup {
        /** The page is kept: send it. */
        record Kept(Entry entry) implements Lookup {}

        /** This request reads the page for every request asking the same meanwhile; it ends with put or abandon. */
        record Claimed() implements Lookup {}

        /** Another request is reading this very page: wait for it (empty: it could not, read it yourself). */
        record Reading(CompletableFuture<Optional<Entry>> page) implements Lookup {
            public Optional<Entry> await() {
                try {
                    return page.get(WAIT_FOR_READER.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                } catch (ExecutionException | TimeoutException e) {
                    return Optional.empty();
                }
            }
        }
    }

    /** How long a request waits for another reading the same page before reading it itself. */
    static final Duration WAIT_FOR_READER = Duration.ofSeconds(20);

    private final ConcurrentHashMap<Key, CompletableFuture<Optional<Entry>>> reading = new ConcurrentHashMap<>();

    /**
     * The kept page; or, when another request is reading the same page now, that reading to wait
     * for (a question asked by many clients at once is answered once); or the claim to read it.
     */
    public Lookup lookup(Key key) {
        Optional<Entry> kept = get(key);
        if (kept.isPresent() || !enabled()) {
            return kept.<Lookup>map(Lookup.Kept::new).orElseGet(Lookup.Claimed::new);
        }
        CompletableFuture<Optional<Entry>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Entry>> theirs = reading.putIfAbsent(key, mine);
        return theirs == null ? new Lookup.Claimed() : new Lookup.Reading(theirs);
    }

    /** Gives up a claim (the page could not be read, or is too large to keep): whoever waits reads it. */
    public void abandon(Key key) {
        CompletableFuture<Optional<Entry>> claim = reading.remove(key);
        if (claim != null) {
            claim.complete(Optional.empty());
        }
    }

    public Optional<Entry> get(Key key) {
        if (!enabled()) {
            return Optional.empty();
        }
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        (entry == null ? misses : hits).increment();
        return Optional.ofNullable(entry);
    }

    /** Compresses and keeps a page written as {@code json[0..length)}; returns the entry either way. */
    public Entry put(Key key, byte[] json, int length) {
        return put(key, json, length, -1, Optional.empty());
    }

    /** As {@link #put(Key, byte[], int)}, with the list's total and the page's last position kept beside it. */
    public Entry put(Key key, byte[] json, int length, long total, Optional<SeekPosition> last) {
        Entry entry = Entry.of(json, length, total, last);
        CompletableFuture<Optional<Entry>> claim = reading.remove(key);
        if (claim != null) {
            claim.complete(Optional.of(entry));
        }
        if (!enabled() || entry.gzip().length > capacity) {
            return entry;
        }
        synchronized (entries) {
            Entry previous = entries.put(key, entry);
            held += entry.gzip().length - (previous == null ? 0 : previous.gzip().length);
            Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
            while (held > capacity && oldest.hasNext()) {
                held -= oldest.next().getValue().gzip().length;
                oldest.remove();
            }
        }
        return entry;
    }

    /** Pages answered from the cache, and pages not found there (read, or waited for). */
    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Compressed bytes held now. */
    public long heldBytes() {
        synchronized (entries) {
            return held;
        }
    }

    /** Says, when the server stops, how much the cache answered: the figure an operator sizes it by. */
    public void close() {
        if (enabled()) {
            long h = hits();
            long m = misses();
            LOG.info("page cache: {} pages answered from memory, {} not found there (read, or waited for while"
                            + " another request read them) ({}% from memory), {} KiB held of {} KiB",
                    h, m, h + m == 0 ? 0 : Math.round(100.0 * h / (h + m)), heldBytes() >> 10, capacity >> 10);
        }
    }

    /** gzip at the fastest level: JSON of certificates still shrinks about tenfold, in a fraction of the time. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
