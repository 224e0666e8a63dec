package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.suite.SignatureScheme;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ClientHello for a probe (RFC 8446 4.1.2, RFC 5246 7.4.1.2, RFC 6101 5.6.1.2). The probe
 * never finishes the handshake, so key shares only need the right form; the secp256r1 share
 * is still a real point so that servers which validate it answer.
 *
 * @param version            the highest version offered; for TLS 1.3 it goes in
 *                           supported_versions and legacy_version is TLS 1.2
 * @param cipherSuites       code points in preference order (signalling values are added from the flags)
 * @param serverName         host name for SNI (RFC 6066 3); omitted when empty or an IP literal
 * @param groups             supported_groups (RFC 8422 5.1.1, RFC 8446 4.2.7)
 * @param keyShares          groups to send key_share entries for (TLS 1.3 only; x25519 and secp256r1 supported)
 * @param signatureSchemes   signature_algorithms (TLS 1.2 and 1.3)
 * @param renegotiationInfo  how to signal RFC 5746 support
 * @param fallbackScsv       add TLS_FALLBACK_SCSV (RFC 7507 4) as if this were a downgraded retry
 */
public record ClientHello(
        ProtocolVersion version,
        List<Integer> cipherSuites,
        Optional<String> serverName,
        List<NamedGroup> groups,
        List<NamedGroup> keyShares,
        List<SignatureScheme> signatureSchemes,
        RenegotiationSignal renegotiationInfo,
        boolean fallbackScsv) {

    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV, RFC 5746 3.3. */
    public static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;
    /** TLS_FALLBACK_SCSV, RFC 7507 6. */
    public static final int FALLBACK_SCSV = 0x5600;

    static final int EXT_SERVER_NAME = 0;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_PADDING = 21;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_PSK_KEY_EXCHANGE_MODES = 45;
    static final int EXT_KEY_SHARE = 51;
    static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    static final int HANDSHAKE_CLIENT_HELLO = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the hello says it supports secure renegotiation. */
    public enum RenegotiationSignal {
        /** The empty renegotiation_info extension (RFC 5746 3.4). */
        EXTENSION,
        /** The signalling suite value, for servers that choke on extensions (SSLv3). */
        SCSV,
        /** Neither: to see what a server does with a client that knows nothing of RFC 5746. */
        NONE
    }

    public ClientHello {
        Objects.requireNonNull(version, "version");
        if (version == ProtocolVersion.SSL2) {
            throw new IllegalArgumentException("version must be SSL3 or later: SSLv2 hellos have another format");
        }
        cipherSuites = List.copyOf(cipherSuites);
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("cipherSuites must not be empty");
        }
        if (cipherSuites.size() > 0x7FFE) {
            throw new IllegalArgumentException("cipherSuites has " + cipherSuites.size() + " entries, more than a ClientHello can carry");
        }
        Objects.requireNonNull(serverName, "serverName");
        groups = List.copyOf(groups);
        keyShares = List.copyOf(keyShares);
        signatureSchemes = List.copyOf(signatureSchemes);
        Objects.requireNonNull(renegotiationInfo, "renegotiationInfo");
    }

    /** A hello with every group and signature scheme, for the given version and suites. */
    public static ClientHello forProbe(ProtocolVersion version, List<Integer> suites, Optional<String> serverName) {
        List<NamedGroup> shares = version == ProtocolVersion.TLS1_3
                ? List.of(NamedGroup.X25519, NamedGroup.SECP256R1) : List.of();
        return new ClientHello(version, suites, serverName, ProbeDefaults.GROUPS, shares, ProbeDefaults.SIGNATURE_SCHEMES,
                version == ProtocolVersion.SSL3 ? RenegotiationSignal.SCSV : RenegotiationSignal.EXTENSION, false);
    }

    public ClientHello withCipherSuites(List<Integer> suites) {
        return new ClientHello(version, suites, serverName, groups, keyShares, signatureSchemes, renegotiationInfo, fallbackScsv);
    }

    public ClientHello withGroups(List<NamedGroup> offered) {
        return new ClientHello(version, cipherSuites, serverName, offered, keyShares, signatureSchemes, renegotiationInfo, fallbackScsv);
    }

    /** Key shares to send (TLS 1.3); each must also be in {@link #groups} (RFC 8446 4.2.8). */
    public ClientHello withKeyShares(List<NamedGroup> shares) {
        return new ClientHello(version, cipherSuites, serverName, groups, shares, signatureSchemes, renegotiationInfo, fallbackScsv);
    }

    /** Every group a probe may offer, strongest first. */
    public static List<NamedGroup> allProbeGroups() {
        return ProbeDefaults.GROUPS;
    }

    public ClientHello withRenegotiationSignal(RenegotiationSignal signal) {
        return new ClientHello(version, cipherSuites, serverName, groups, keyShares, signatureSchemes, signal, fallbackScsv);
    }

    public ClientHello withFallbackScsv(boolean on) {
        return new ClientHello(version, cipherSuites, serverName, groups, keyShares, signatureSchemes, renegotiationInfo, on);
    }

    /** The complete bytes to send: one or more handshake records. */
    public byte[] toRecords() {
        // SSLv3 servers may reject a record version above their own; everyone else gets the
        // conservative TLS 1.0 record version, which RFC 8446 5.1 still allows.
        int recordVersion = version == ProtocolVersion.SSL3 ? 0x0300 : 0x0301;
        return RecordLayer.wrap(RecordLayer.HANDSHAKE, recordVersion, handshakeMessage());
    }

    /** The handshake message: type, 3-byte length, body. */
    public byte[] handshakeMessage() {
        byte[] body = body();
        return new ByteWriter().u8(HANDSHAKE_CLIENT_HELLO).vector24(body).toByteArray();
    }

    private byte[] body() {
        boolean tls13 = version == ProtocolVersion.TLS1_3;
        ByteWriter w = new ByteWriter();
        w.u16(tls13 ? ProtocolVersion.TLS1_2.wireCode() : version.wireCode());
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        w.bytes(random);
        // RFC 8446 D.4: a non-empty session id keeps middleboxes quiet in TLS 1.3
        byte[] sessionId = new byte[tls13 ? 32 : 0];
        RANDOM.nextBytes(sessionId);
        w.vector8(sessionId);
        ByteWriter suites = new ByteWriter();
        for (int code : cipherSuites) {
            suites.u16(code);
        }
        if (renegotiationInfo == RenegotiationSignal.SCSV) {
            suites.u16(EMPTY_RENEGOTIATION_INFO_SCSV);
        }
        if (fallbackScsv) {
            suites.u16(FALLBACK_SCSV);
        }
        w.vector16(suites.toByteArray());
        w.vector8(new byte[] {0}); // compression: null only
        if (version == ProtocolVersion.SSL3 && renegotiationInfo != RenegotiationSignal.EXTENSION) {
            return w.toByteArray(); // SSLv3 servers predate extensions (RFC 6101 has none)
        }
        byte[] extensions = extensions(w.size());
        w.vector16(extensions);
        return w.toByteArray();
    }

    private byte[] extensions(int bodySoFar) {
        boolean tls13 = version == ProtocolVersion.TLS1_3;
        ByteWriter e = new ByteWriter();
        sniHostName().ifPresent(host -> {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            byte[] entry = new ByteWriter().u8(0).vector16(name).toByteArray();
            extension(e, EXT_SERVER_NAME, new ByteWriter().vector16(entry).toByteArray());
        });
        if (!groups.isEmpty()) {
            ByteWriter g = new ByteWriter();
            for (NamedGroup group : groups) {
                g.u16(group.code());
            }
            extension(e, EXT_SUPPORTED_GROUPS, new ByteWriter().vector16(g.toByteArray()).toByteArray());
            // RFC 8422 5.1.2: uncompressed only
            extension(e, EXT_EC_POINT_FORMATS, new ByteWriter().vector8(new byte[] {0}).toByteArray());
        }
        if (version.atLeast(ProtocolVersion.TLS1_2) && !signatureSchemes.isEmpty()) {
            ByteWriter s = new ByteWriter();
            for (SignatureScheme scheme : signatureSchemes) {
                s.u16(scheme.code());
            }
            extension(e, EXT_SIGNATURE_ALGORITHMS, new ByteWriter().vector16(s.toByteArray()).toByteArray());
        }
        if (renegotiationInfo == RenegotiationSignal.EXTENSION) {
            // RFC 5746 3.4: an empty renegotiated_connection on the first handshake
            extension(e, EXT_RENEGOTIATION_INFO, new byte[] {0});
        }
        if (tls13) {
            extension(e, EXT_SUPPORTED_VERSIONS, new ByteWriter().vector8(new ByteWriter().u16(0x0304).toByteArray()).toByteArray());
            // RFC 8446 4.2.9: psk_dhe_ke; some servers refuse a 1.3 hello without this extension
            extension(e, EXT_PSK_KEY_EXCHANGE_MODES, new byte[] {1, 1});
            ByteWriter shares = new ByteWriter();
            for (NamedGroup group : keyShares) {
                shares.u16(group.code()).vector16(ProbeKeyShares.publicValue(group));
            }
            extension(e, EXT_KEY_SHARE, new ByteWriter().vector16(shares.toByteArray()).toByteArray());
        }
        // RFC 7685 4: some servers hang on hellos of 256..511 bytes; pad those to 512
        int helloLength = 4 + bodySoFar + 2 + e.size();
        if (helloLength >= 256 && helloLength < 512) {
            int pad = Math.max(0, 512 - helloLength - 4);
            extension(e, EXT_PADDING, new byte[pad]);
        }
        return e.toByteArray();
    }

    private Optional<String> sniHostName() {
        return serverName
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                // RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName"
                .filter(n -> !n.contains(":") && !n.matches("[0-9.]+"))
                .map(n -> IDN.toASCII(n.endsWith(".") ? n.substring(0, n.length() - 1) : n));
    }

    private static void extension(ByteWriter e, int type, byte[] data) {
        e.u16(type).vector16(data);
    }
}
