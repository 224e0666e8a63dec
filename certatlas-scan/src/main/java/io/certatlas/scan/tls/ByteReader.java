package io.certatlas.scan.tls;

import java.util.Arrays;

/** Bounds-checked big-endian cursor over one TLS structure; any overrun is a {@link MalformedMessage}. */
final class ByteReader {

    private final byte[] data;
    private final int end;
    private int pos;

    ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    private ByteReader(byte[] data, int from, int to) {
        this.data = data;
        this.pos = from;
        this.end = to;
    }

    int u8() throws MalformedMessage {
        need(1);
        return data[pos++] & 0xFF;
    }

    int u16() throws MalformedMessage {
        return (u8() << 8) | u8();
    }

    int u24() throws MalformedMessage {
        return (u8() << 16) | (u8() << 8) | u8();
    }

    byte[] bytes(int n) throws MalformedMessage {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    /** A sub-reader over the next {@code n} bytes; this reader skips past them. */
    ByteReader sub(int n) throws MalformedMessage {
        need(n);
        ByteReader r = new ByteReader(data, pos, pos + n);
        pos += n;
        return r;
    }

    byte[] vector8() throws MalformedMessage {
        return bytes(u8());
    }

    byte[] vector16() throws MalformedMessage {
        return bytes(u16());
    }

    byte[] vector24() throws MalformedMessage {
        return bytes(u24());
    }

    int remaining() {
        return end - pos;
    }

    boolean hasMore() {
        return pos < end;
    }

    private void need(int n) throws MalformedMessage {
        if (n < 0 || n > end - pos) {
            throw new MalformedMessage("structure needs " + n + " more bytes, " + (end - pos) + " left");
        }
    }
}
