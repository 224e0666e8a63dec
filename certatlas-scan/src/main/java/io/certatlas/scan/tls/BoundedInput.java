package io.certatlas.scan.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Optional;

/**
 * Reads from a socket within a byte budget and a deadline. A peer that sends more than the
 * budget, or keeps a read open past the deadline, ends the read with a typed exception instead
 * of holding the probe.
 */
public final class BoundedInput {

    private final Optional<Socket> socket;
    private final InputStream in;
    private final Deadline deadline;
    private final int byteBudget;
    private int consumed;

    public BoundedInput(Socket socket, Deadline deadline, int byteBudget) throws IOException {
        this.socket = Optional.of(socket);
        this.in = socket.getInputStream();
        this.deadline = deadline;
        this.byteBudget = byteBudget;
    }

    private BoundedInput(InputStream in, int byteBudget) {
        this.socket = Optional.empty();
        this.in = in;
        this.deadline = new Deadline(Long.MAX_VALUE);
        this.byteBudget = byteBudget;
    }

    /** Reads bytes already in memory (tests, captured flights): no deadline applies. */
    public static BoundedInput inMemory(byte[] bytes, int byteBudget) {
        return new BoundedInput(new java.io.ByteArrayInputStream(bytes), byteBudget);
    }

    /** Reads one byte, or throws {@link EOFException} when the peer closed the stream. */
    public int readByte() throws IOException {
        checkBudget(1);
        applyDeadline();
        int b = in.read();
        if (b < 0) {
            throw new EOFException("peer closed the connection");
        }
        consumed++;
        return b;
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readExactly(int n) throws IOException {
        checkBudget(n);
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            applyDeadline();
            int r = in.read(out, off, n - off);
            if (r < 0) {
                throw new EOFException("peer closed the connection after " + (consumed + off) + " bytes");
            }
            off += r;
        }
        consumed += n;
        return out;
    }

    /** Reads whatever is available in one read call (at least one byte), up to {@code max}. */
    public byte[] readSome(int max) throws IOException {
        int want = Math.min(max, byteBudget - consumed);
        if (want <= 0) {
            throw new ByteBudgetExceededException(byteBudget);
        }
        applyDeadline();
        byte[] buf = new byte[want];
        int r = in.read(buf);
        if (r < 0) {
            throw new EOFException("peer closed the connection after " + consumed + " bytes");
        }
        consumed += r;
        return java.util.Arrays.copyOf(buf, r);
    }

    public int consumed() {
        return consumed;
    }

    private void applyDeadline() throws IOException {
        if (socket.isPresent()) {
            deadline.applyTo(socket.get());
        }
    }

    private void checkBudget(int n) throws ByteBudgetExceededException {
        if (consumed + n > byteBudget) {
            throw new ByteBudgetExceededException(byteBudget);
        }
    }

    /** The peer sent more than the probe is willing to read. */
    public static final class ByteBudgetExceededException extends IOException {
        public ByteBudgetExceededException(int budget) {
            super("peer sent more than " + budget + " bytes");
        }
    }
}
