package io.certatlas.scan.tls;

/** TLS record framing (RFC 8446 5.1, RFC 5246 6.2.1). */
final class RecordLayer {

    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    /** RFC 5246 6.2.1: plaintext fragments are at most 2^14 bytes. */
    static final int MAX_PLAINTEXT = 1 << 14;
    /** RFC 5246 6.2.3: ciphertext may be up to 2^14 + 2048 bytes. */
    static final int MAX_RECORD = MAX_PLAINTEXT + 2048;

    private RecordLayer() {
    }

    /** Splits a message into records of at most 2^14 bytes each. */
    static byte[] wrap(int contentType, int version, byte[] payload) {
        ByteWriter w = new ByteWriter();
        int off = 0;
        do {
            int n = Math.min(MAX_PLAINTEXT, payload.length - off);
            byte[] fragment = java.util.Arrays.copyOfRange(payload, off, off + n);
            w.u8(contentType).u16(version).vector16(fragment);
            off += n;
        } while (off < payload.length);
        return w.toByteArray();
    }
}
