package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a ServerHello (or HelloRetryRequest) that a scan records.
 *
 * @param legacyVersion        the version field as sent (0x0303 for TLS 1.3)
 * @param version              the negotiated version: supported_versions if present (RFC 8446 4.2.1), else legacyVersion
 * @param cipherSuite          the chosen suite's code point
 * @param compressionMethod    0 unless the server still does TLS compression (CRIME)
 * @param helloRetryRequest    true when the random is the HelloRetryRequest value (RFC 8446 4.1.3)
 * @param secureRenegotiation  the server sent renegotiation_info (RFC 5746 3.6)
 * @param keyShareGroup        the group code of the TLS 1.3 key_share (selected_group in a HelloRetryRequest)
 * @param extensionTypes       every extension type, in the server's order
 */
public record ServerHello(
        int legacyVersion,
        ProtocolVersion version,
        int cipherSuite,
        int compressionMethod,
        boolean helloRetryRequest,
        boolean secureRenegotiation,
        Optional<Integer> keyShareGroup,
        List<Integer> extensionTypes) {

    /** SHA-256("HelloRetryRequest"), RFC 8446 4.1.3. */
    private static final byte[] HELLO_RETRY_RANDOM = {
            (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11,
            (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91,
            (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E,
            0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

    public ServerHello {
        extensionTypes = List.copyOf(extensionTypes);
    }

    public Optional<NamedGroup> keyShareNamedGroup() {
        return keyShareGroup.flatMap(NamedGroup::fromCode);
    }

    static ServerHello decode(byte[] body) throws MalformedMessage {
        ByteReader r = new ByteReader(body);
        int legacyVersion = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw new MalformedMessage("session id of " + sessionId.length + " bytes (max 32)");
        }
        int suite = r.u16();
        int compression = r.u8();
        boolean hrr = Arrays.equals(random, HELLO_RETRY_RANDOM);
        Optional<Integer> selectedVersion = Optional.empty();
        Optional<Integer> group = Optional.empty();
        boolean renegotiation = false;
        List<Integer> types = new java.util.ArrayList<>();
        if (r.hasMore()) {
            ByteReader exts = r.sub(r.u16());
            while (exts.hasMore()) {
                int type = exts.u16();
                ByteReader data = exts.sub(exts.u16());
                types.add(type);
                switch (type) {
                    case ClientHello.EXT_SUPPORTED_VERSIONS -> selectedVersion = Optional.of(data.u16());
                    // a HelloRetryRequest carries only selected_group; a ServerHello a KeyShareEntry
                    case ClientHello.EXT_KEY_SHARE -> group = Optional.of(data.u16());
                    case ClientHello.EXT_RENEGOTIATION_INFO -> renegotiation = true;
                    default -> { }
                }
            }
        }
        int negotiated = selectedVersion.orElse(legacyVersion);
        ProtocolVersion version = ProtocolVersion.fromWireCode(negotiated)
                .orElseThrow(() -> new MalformedMessage("unknown protocol version 0x" + Integer.toHexString(negotiated)));
        return new ServerHello(legacyVersion, version, suite, compression, hrr, renegotiation, group, types);
    }
}
