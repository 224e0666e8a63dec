package io.certatlas.scan.tls;

import java.util.Arrays;

/** Big-endian writer for TLS structures (RFC 8446 3: vectors carry 1-, 2- or 3-byte lengths). */
final class ByteWriter {

    private byte[] buf = new byte[512];
    private int size;

    ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    ByteWriter u24(int v) {
        return u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    ByteWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** A vector with a one-byte length prefix. */
    ByteWriter vector8(byte[] body) {
        check(body.length, 0xFF);
        return u8(body.length).bytes(body);
    }

    /** A vector with a two-byte length prefix. */
    ByteWriter vector16(byte[] body) {
        check(body.length, 0xFFFF);
        return u16(body.length).bytes(body);
    }

    /** A vector with a three-byte length prefix. */
    ByteWriter vector24(byte[] body) {
        check(body.length, 0xFFFFFF);
        return u24(body.length).bytes(body);
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private static void check(int length, int max) {
        if (length > max) {
            throw new IllegalArgumentException("vector of " + length + " bytes exceeds its length field (max " + max + ")");
        }
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
