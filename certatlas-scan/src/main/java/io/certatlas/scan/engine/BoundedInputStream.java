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
 * the endpoint's deadline. Before each read the socket timeout is set to the time left, so a peer
 * that drips one byte a second still ends at the deadline instead of resetting a per-read timeout
 * for ever. Also keeps the first bytes the peer sent, which tell TLS from other protocols.
 */
public final class BoundedInputStream extends FilterInputStream {

    private static final int KEPT = 16;

    private final Socket socket;
    private final Deadline deadline;
    private final long byteLimit;
    private final byte[] firstBytes = new byte[KEPT];
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
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (count >= byteLimit) {
            throw new ByteLimitExceededException(byteLimit);
        }
        try {
            deadline.applyTo(socket);
        } catch (Deadline.DeadlineExpiredException e) {
            throw new DeadlineExceededException("the endpoint deadline passed after " + count + " bytes from the peer");
        }
        int wanted = (int) Math.min(length, byteLimit - count);
        int n;
        try {
            n = super.read(buffer, offset, wanted);
        } catch (SocketTimeoutException e) {
            throw new DeadlineExceededException("the peer sent nothing more before the endpoint deadline (after " + count + " bytes)");
        }
        if (n < 0) {
            endOfStream = true;
        }
        if (n > 0) {
            if (count < KEPT) {
                System.arraycopy(buffer, offset, firstBytes, (int) count, (int) Math.min(n, KEPT - count));
            }
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(0, read);
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    /** Whether the peer closed its side (a read returned end of stream). */
    public boolean endOfStream() {
        return endOfStream;
    }

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
