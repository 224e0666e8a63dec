package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes rows in PostgreSQL's binary COPY format (documented under "COPY ... Binary Format"):
 * a signature header, then per row a field count and length-prefixed fields, then a -1 trailer.
 * Binary instead of text because bytea then travels as raw bytes instead of doubled hex, and
 * nothing needs escaping.
 */
final class BinaryCopyRows {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final int TEXT_OID = 25;
    // timestamptz travels as microseconds since 2000-01-01 00:00 UTC.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private byte[] buffer;
    private int size;

    /** A COPY stream: starts with the signature header. */
    BinaryCopyRows() {
        this(1 << 20);
        put(HEADER);
    }

    private BinaryCopyRows(int capacity) {
        buffer = new byte[capacity];
    }

    /**
     * The encoded fields of one row, without the field count: for rows encoded on the reader
     * threads and put into a stream later with {@link #add(ImportRow)}.
     */
    static byte[] fields(List<Object> values) {
        BinaryCopyRows row = new BinaryCopyRows(2048);
        row.values(values);
        return Arrays.copyOf(row.buffer, row.size);
    }

    /** Empties the buffer for the next chunk of the same stream (the header is not repeated). */
    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return buffer;
    }

    /** Appends the row's values in {@link CertificateRow#COLUMNS} order. */
    void add(List<Object> values) {
        putShort(values.size());
        values(values);
    }

    /** Appends a row in {@link ImportRow#COLUMNS} order: its encoded fields, then issuer and root. */
    void add(ImportRow row) {
        putShort(ImportRow.COLUMNS.size());
        columns(row);
    }

    /** Appends a row with its id first, then {@link ImportRow#COLUMNS} as {@link #add(ImportRow)} does. */
    void add(long id, ImportRow row) {
        putShort(ImportRow.COLUMNS.size() + 1);
        putInt(8);
        putLong(id);
        columns(row);
    }

    private void columns(ImportRow row) {
        put(row.fields());
        optionalText(row.issuerCerthash());
        optionalText(row.rootCerthash());
    }

    private void optionalText(java.util.Optional<String> value) {
        if (value.isPresent()) {
            field(value.get().getBytes(StandardCharsets.US_ASCII));
        } else {
            putInt(-1);
        }
    }

    private void values(List<Object> values) {
        for (Object value : values) {
            switch (value) {
                case null -> putInt(-1);
                case String s -> field(s.getBytes(StandardCharsets.UTF_8));
                case byte[] b -> field(b);
                case Integer i -> {
                    putInt(4);
                    putInt(i);
                }
                case Long l -> {
                    putInt(8);
                    putLong(l);
                }
                case Boolean b -> {
                    putInt(1);
                    put(new byte[] {(byte) (b ? 1 : 0)});
                }
                case OffsetDateTime t -> {
                    long micros = Math.addExact(Math.multiplyExact(t.toEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                            t.getNano() / 1000);
                    putInt(8);
                    putLong(micros);
                }
                case String[] array -> textArray(array);
                case CertificateRow.Jsonb(String json) -> {
                    byte[] text = json.getBytes(StandardCharsets.UTF_8);
                    putInt(text.length + 1);
                    put(new byte[] {1});
                    put(text);
                }
                default -> throw new IllegalArgumentException("no binary COPY encoding for " + value.getClass());
            }
        }
    }

    /** The trailer; the buffer is complete after this. */
    void finish() {
        putShort(-1);
    }

    private void textArray(String[] array) {
        byte[][] elements = new byte[array.length][];
        int length = 12 + (array.length > 0 ? 8 : 0);
        for (int i = 0; i < array.length; i++) {
            elements[i] = array[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + elements[i].length;
        }
        putInt(length);
        putInt(array.length > 0 ? 1 : 0); // dimensions
        putInt(0);                        // no nulls
        putInt(TEXT_OID);
        if (array.length > 0) {
            putInt(array.length);         // dimension size
            putInt(1);                    // lower bound
        }
        for (byte[] element : elements) {
            field(element);
        }
    }

    private void field(byte[] bytes) {
        putInt(bytes.length);
        put(bytes);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void putShort(int v) {
        ensure(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        buffer[size++] = (byte) (v >>> 24);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
