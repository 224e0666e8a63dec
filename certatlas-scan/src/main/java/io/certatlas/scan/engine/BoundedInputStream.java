package io.certatlas.scan.engine;

import io.certatlas.scan.tls.Deadline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The input side of a scanning socket with two budgets: a byte cap for the whole connection and
 * the endpoint's deadline. Before each read from the socket the socket timeout is set to the time
 * left, so a peer that drips one byte a second still ends at the deadline instead of resetting a
 * per-read timeout for ever. Also keeps the first bytes the peer sent, which tell TLS from other
 * protocols.
 *
 * <p>Reads are buffered: the TLS library asks for each record's 5-byte header and then its body,
 * a dozen small reads for one server flight, and each read that finds nothing parks the virtual
 * thread and wakes it through the poller. One socket read takes whatever has arrived. The stream
 * must be the only reader of the socket from its creation on (bytes it buffered are its own).
 */
public final class BoundedInputStream extends FilterInputStream {

    private static final int KEPT = 16;
    /** One full TLS record (16 KiB of plaintext plus expansion and header) fits. */
    private static final int BUFFER = 16_384 + 2_048 + 5;

    private final Socket socket;
    private final Deadline deadline;
    private final long byteLimit;
    private final byte[] firstBytes = new byte[KEPT];
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long count;
    private boolean endOfStream;

    public BoundedInputStream(Socket socket, InputStream in, Deadline deadline, long byteLimit) {
        super(in);
        this.socket = socket;
        this.deadline = deadline;
        this.byteLimit = byteLimit;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** One read from the socket into the empty buffer, within both budgets; false at end of stream. */
    private boolean fill() throws IOException {
        if (count >= byteLimit) {
            throw new ByteLimitExceededException(byteLimit);
        }
        try {
            deadline.applyTo(socket);
        } catch (Deadline.DeadlineExpiredException e) {
            throw new DeadlineExceededException("the endpoint deadline passed after " + count + " bytes from the peer");
        }
        int wanted = (int) Math.min(buffer.length, byteLimit - count);
        int n;
        try {
            n = in.read(buffer, 0, wanted);
        } catch (SocketTimeoutException e) {
            throw new DeadlineExceededException("the peer sent nothing more before the endpoint deadline (after " + count + " bytes)");
        }
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        if (count < KEPT) {
            System.arraycopy(buffer, 0, firstBytes, (int) count, (int) Math.min(n, KEPT - count));
        }
        count += n;
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(0, read);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public int available() {
        return limit - position;
    }

    /** Whether the peer closed its side (a read returned end of stream). */
    public boolean endOfStream() {
        return endOfStream;
    }

    /** Bytes received from the peer so far (some may still wait in the buffer). */
    public long bytesRead() {
        return count;
    }

    /** Up to the first 16 bytes the peer sent. */
    public byte[] firstBytes() {
        return Arrays.copyOf(firstBytes, (int) Math.min(count, KEPT));
    }

    public String firstBytesHex() {
        return HexFormat.of().formatHex(firstBytes());
    }
}
