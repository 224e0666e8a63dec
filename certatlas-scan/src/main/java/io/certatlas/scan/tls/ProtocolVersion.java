package io.certatlas.scan.tls;

import java.util.Optional;

/**
 * SSL/TLS protocol versions with their wire codes (RFC 8446 4.1.2 legacy_version, RFC 6101
 * 5.2.1) and the names Certificate View uses as {@code protocolSupportInfo} keys.
 */
public enum ProtocolVersion {
    SSL2(0x0002, "SSLv2"),
    SSL3(0x0300, "SSLv3"),
    TLS1_0(0x0301, "TLSv1"),
    TLS1_1(0x0302, "TLSv1.1"),
    TLS1_2(0x0303, "TLSv1.2"),
    TLS1_3(0x0304, "TLSv1.3");

    private final int wireCode;
    private final String displayName;

    ProtocolVersion(int wireCode, String displayName) {
        this.wireCode = wireCode;
        this.displayName = displayName;
    }

    public int wireCode() {
        return wireCode;
    }

    /** "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3": Certificate View's spelling. */
    public String displayName() {
        return displayName;
    }

    public boolean atLeast(ProtocolVersion other) {
        return compareTo(other) >= 0;
    }

    public static Optional<ProtocolVersion> fromWireCode(int code) {
        for (ProtocolVersion v : values()) {
            if (v.wireCode == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Accepts "TLSv1.2", "TLS1.2", "TLS1_2", "SSL3" and the like. */
    public static Optional<ProtocolVersion> fromName(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace("V", "").replace('_', '.');
        return switch (n) {
            case "SSL2", "SSL2.0" -> Optional.of(SSL2);
            case "SSL3", "SSL3.0" -> Optional.of(SSL3);
            case "TLS1", "TLS1.0" -> Optional.of(TLS1_0);
            case "TLS1.1" -> Optional.of(TLS1_1);
            case "TLS1.2" -> Optional.of(TLS1_2);
            case "TLS1.3" -> Optional.of(TLS1_3);
            default -> Optional.empty();
        };
    }
}
