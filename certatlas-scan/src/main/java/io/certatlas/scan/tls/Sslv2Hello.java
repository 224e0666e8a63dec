package io.certatlas.scan.tls;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * SSL 2.0's own hello format (draft-hickman-netscape-ssl-00, section "Client-Hello"), which
 * shares nothing with later records: a 2-byte header with the top bit set, then CLIENT-HELLO.
 * Only detection is needed: RFC 6176 forbids SSL 2.0, so any SERVER-HELLO is a finding.
 */
public final class Sslv2Hello {

    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 4;
    private static final int SSL2_VERSION = 0x0002;
    /** Every SSL 2.0 cipher kind: RC4, RC2, IDEA, DES and 3DES, strong and export. */
    private static final int[] CIPHER_KINDS = {0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700C0};
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the server said in its SERVER-HELLO. */
    public record ServerHello(int version, int cipherSpecs) {
        /** Supported only with at least one cipher: CVE-2015-3197 servers offer none yet still answer. */
        public boolean usable() {
            return version == SSL2_VERSION && cipherSpecs > 0;
        }
    }

    private Sslv2Hello() {
    }

    public static byte[] clientHello() {
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        ByteWriter body = new ByteWriter().u8(CLIENT_HELLO).u16(SSL2_VERSION).u16(CIPHER_KINDS.length * 3).u16(0).u16(challenge.length);
        for (int kind : CIPHER_KINDS) {
            body.u8(kind >>> 16).u8(kind >>> 8).u8(kind);
        }
        byte[] message = body.bytes(challenge).toByteArray();
        return new ByteWriter().u16(0x8000 | message.length).bytes(message).toByteArray();
    }

    /**
     * Reads one SSLv2 record; empty when the server refused in TLS (an alert record).
     *
     * @throws java.io.IOException "not TLS: ..." when the bytes are neither SSLv2 nor TLS
     */
    public static Optional<ServerHello> read(BoundedInput in) throws java.io.IOException {
        byte[] header = in.readExactly(2);
        if ((header[0] & 0x80) == 0) {
            int type = header[0] & 0xFF;
            if (type >= 20 && type <= 23) {
                return Optional.empty(); // a TLS record, typically an alert: SSLv2 refused
            }
            throw new java.io.IOException(String.format("not TLS: first bytes %02x %02x", header[0], header[1]));
        }
        int length = ((header[0] & 0x7F) << 8) | (header[1] & 0xFF);
        if (length < 11) {
            return Optional.empty();
        }
        byte[] body = in.readExactly(Math.min(length, 11));
        try {
            ByteReader r = new ByteReader(body);
            if (r.u8() != SERVER_HELLO) {
                return Optional.empty();
            }
            r.u8(); // session-id-hit
            r.u8(); // certificate type
            int version = r.u16();
            r.u16(); // certificate length
            int cipherSpecsLength = r.u16();
            return Optional.of(new ServerHello(version, cipherSpecsLength / 3));
        } catch (MalformedMessage e) {
            return Optional.empty();
        }
    }
}
