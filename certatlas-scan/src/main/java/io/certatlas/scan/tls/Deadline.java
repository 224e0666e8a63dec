package io.certatlas.scan.tls;

import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * A point in time after which a probe gives up. Every blocking read in the scanner sets its
 * socket timeout from the time left, so a peer that trickles bytes cannot stretch a probe past
 * its deadline one read at a time.
 */
public record Deadline(long nanoTime) {

    public static Deadline after(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative, got " + budget);
        }
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        long left = nanoTime - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** The sooner of this deadline and one {@code budget} from now: a per-probe limit inside an endpoint's. */
    public Deadline capped(Duration budget) {
        Deadline other = after(budget);
        return other.nanoTime - nanoTime < 0 ? other : this;
    }

    public boolean expired() {
        return nanoTime - System.nanoTime() <= 0;
    }

    /**
     * Sets the socket's read timeout to the time left (at least 1 ms: 0 would mean "forever").
     *
     * @throws DeadlineExpiredException if no time is left
     */
    public void applyTo(Socket socket) throws SocketException, DeadlineExpiredException {
        long millis = remaining().toMillis();
        if (millis <= 0) {
            throw new DeadlineExpiredException();
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
    }

    /** Thrown when a read would start after the deadline. */
    public static final class DeadlineExpiredException extends java.io.IOException {
        public DeadlineExpiredException() {
            super("deadline expired");
        }
    }
}
