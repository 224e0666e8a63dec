package io.certatlas.server.certview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageCacheTest {

    private static PageCache.Key key(String snapshot, int page) {
        return new PageCache.Key(snapshot, "Everything", "type = 'Leaf'", page * 200L, 200, false);
    }

    private static byte[] page(int seed, int size) {
        // Text that compresses about as JSON does, but differs per page.
        StringBuilder json = new StringBuilder("[");
        Random random = new Random(seed);
        while (json.length() < size) {
            json.append("{\"certhash\":\"").append(Long.toHexString(random.nextLong())).append("\",\"type\":\"Leaf\"},");
        }
        return json.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeptPageInflatesToExactlyWhatWasWritten() throws IOException {
        PageCache cache = new PageCache(1 << 20);
        byte[] json = page(1, 100_000);
        PageCache.Entry entry = cache.put(key("10:10:", 1), json, json.length);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.get(key("10:10:", 1)).orElseThrow().inflateTo(out);
        assertThat(out.toByteArray()).isEqualTo(json);
        assertThat(entry.length()).isEqualTo(json.length);
        assertThat(entry.gzip().length).isLessThan(json.length / 2);
    }

    @Test
    void anotherSnapshotOrAnotherPageIsAnotherQuestion() {
        PageCache cache = new PageCache(1 << 20);
        byte[] json = page(2, 1_000);
        cache.put(key("10:10:", 1), json, json.length);

        assertThat(cache.get(key("10:11:", 1))).isEmpty();
        assertThat(cache.get(key("10:10:", 2))).isEmpty();
        assertThat(cache.get(new PageCache.Key("10:10:", "Tags[tagIds=[3]]", "type = 'Leaf'", 200, 200, false))).isEmpty();
        assertThat(cache.get(key("10:10:", 1))).isPresent();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(3);
    }

    @Test
    void itNeverHoldsMoreThanItsCapacityAndDropsTheLeastRecentlyUsedFirst() {
        PageCache cache = new PageCache(64 * 1024);
        byte[] first = page(100, 50_000);
        cache.put(key("s", 0), first, first.length);
        for (int i = 1; i < 200; i++) {
            cache.get(key("s", 0));     // kept in use
            byte[] json = page(100 + i, 50_000);
            cache.put(key("s", i), json, json.length);
            assertThat(cache.heldBytes()).isLessThanOrEqualTo(64 * 1024);
        }
        assertThat(cache.get(key("s", 0))).isPresent();
        assertThat(cache.get(key("s", 1))).isEmpty();
        assertThat(cache.get(key("s", 199))).isPresent();
    }

    @Test
    void whileOneRequestReadsAPageOthersAskingTheSameWaitForIt() throws Exception {
        PageCache cache = new PageCache(1 << 20);
        assertThat(cache.lookup(key("s", 0))).isInstanceOf(PageCache.Lookup.Claimed.class);
        PageCache.Lookup second = cache.lookup(key("s", 0));
        assertThat(second).isInstanceOf(PageCache.Lookup.Reading.class);
        assertThat(cache.lookup(key("s", 1))).isInstanceOf(PageCache.Lookup.Claimed.class);

        byte[] json = page(4, 10_000);
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(((PageCache.Lookup.Reading) second)::await);
        cache.put(key("s", 0), json, json.length);
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).hasValueSatisfying(
                entry -> assertThat(entry.length()).isEqualTo(json.length));
        assertThat(cache.lookup(key("s", 0))).isInstanceOf(PageCache.Lookup.Kept.class);

        // A reader that gives up lets the waiting ones read for themselves, and the next one claims anew.
        PageCache.Lookup.Reading third = (PageCache.Lookup.Reading) cache.lookup(key("s", 1));
        cache.abandon(key("s", 1));
        assertThat(third.await()).isEmpty();
        assertThat(cache.lookup(key("s", 1))).isInstanceOf(PageCache.Lookup.Claimed.class);
    }

    @Test
    void sizeZeroKeepsNothingAndANegativeSizeIsRefused() {
        PageCache off = new PageCache(0);
        byte[] json = page(3, 1_000);
        off.put(key("s", 0), json, json.length);
        assertThat(off.enabled()).isFalse();
        assertThat(off.get(key("s", 0))).isEmpty();
        assertThat(off.heldBytes()).isZero();
        assertThatThrownBy(() -> new PageCache(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 (off)");
    }
}
