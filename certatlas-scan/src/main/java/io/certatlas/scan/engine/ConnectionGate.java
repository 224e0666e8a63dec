package io.certatlas.scan.engine;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The engine's per-host connection cap: at most {@code perHost} connections to one address at a
 * time. (The global limit is the dispatcher's, which starts no more jobs than it allows.)
 * Semaphores are created on demand and dropped when nobody holds or waits for one, so a scan of a
 * million addresses keeps only the busy ones.
 */
public final class ConnectionGate {

    private final int perHost;
    private final ConcurrentHashMap<InetAddress, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final Semaphore permits;
        int users;

        Slot(int permits) {
            this.permits = new Semaphore(permits, true);
        }
    }

    /** A held connection slot for one host; closing it lets the next waiter in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    public ConnectionGate(int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("perHost must be at least 1, was " + perHost);
        }
        this.perHost = perHost;
    }

    public Permit enter(InetAddress host) throws InterruptedException {
        Slot slot = slots.compute(host, (key, existing) -> {
            Slot s = existing == null ? new Slot(perHost) : existing;
            s.users++;
            return s;
        });
        try {
            slot.permits.acquire();
        } catch (InterruptedException e) {
            leave(host);
            throw e;
        }
        return () -> {
            slot.permits.release();
            leave(host);
        };
    }

    private void leave(InetAddress host) {
        slots.computeIfPresent(host, (key, s) -> --s.users == 0 ? null : s);
    }

    /** Hosts with a connection open or waiting; for tests that check nothing leaks. */
    public int busyHosts() {
        return slots.size();
    }
}
