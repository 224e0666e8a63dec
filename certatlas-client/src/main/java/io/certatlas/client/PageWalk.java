package io.certatlas.client;

import io.certatlas.client.error.ResultWindowExceeded;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The items of a paged list, one page read at a time as the stream is consumed: pages from 0
 * until the server answers an empty one (the documented end). With a window (v1: 10,000 records)
 * the walk stops before a page that would reach past it: quietly when the last page was short (the
 * list ended), with {@link ResultWindowExceeded} when it was full (there may be more).
 */
final class PageWalk<T> extends Spliterators.AbstractSpliterator<T> {

    private final IntFunction<List<T>> page;
    private final int pageSize;
    private final OptionalInt window;
    private final String what;
    private final Deque<T> buffer = new ArrayDeque<>();
    private int next;
    private long delivered;
    private boolean lastPageFull = true;
    private boolean done;

    PageWalk(String what, IntFunction<List<T>> page, int pageSize, OptionalInt window) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.what = what;
        this.page = page;
        this.pageSize = pageSize;
        this.window = window;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        while (buffer.isEmpty()) {
            if (done) {
                return false;
            }
            if (window.isPresent() && (long) (next + 1) * pageSize > window.getAsInt()) {
                done = true;
                if (lastPageFull) {
                    throw new ResultWindowExceeded(what, window.getAsInt(), delivered);
                }
                return false;
            }
            List<T> items = page.apply(next++);
            if (items.isEmpty()) {
                done = true;
                return false;
            }
            lastPageFull = items.size() >= pageSize;
            buffer.addAll(items);
        }
        delivered++;
        action.accept(buffer.poll());
        return true;
    }
}
