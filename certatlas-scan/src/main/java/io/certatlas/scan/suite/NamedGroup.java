package io.certatlas.scan.suite;

import java.util.Optional;

/**
 * Key exchange groups (IANA "TLS Supported Groups"; RFC 8422 5.1.1, RFC 7919 2, RFC 8446
 * 4.2.7, RFC 8734). {@code rsaEquivalentBits} is the RSA/DH modulus of comparable strength
 * (NIST SP 800-57 Part 1 table 2), which is what the rating guide's key exchange score compares.
 */
public enum NamedGroup {
    SECT163K1(1, "sect163k1", Kind.EC, 163, 1024),
    SECT163R1(2, "sect163r1", Kind.EC, 163, 1024),
    SECT163R2(3, "sect163r2", Kind.EC, 163, 1024),
    SECT193R1(4, "sect193r1", Kind.EC, 193, 1536),
    SECT193R2(5, "sect193r2", Kind.EC, 193, 1536),
    SECT233K1(6, "sect233k1", Kind.EC, 233, 2048),
    SECT233R1(7, "sect233r1", Kind.EC, 233, 2048),
    SECT239K1(8, "sect239k1", Kind.EC, 239, 2048),
    SECT283K1(9, "sect283k1", Kind.EC, 283, 3072),
    SECT283R1(10, "sect283r1", Kind.EC, 283, 3072),
    SECT409K1(11, "sect409k1", Kind.EC, 409, 7680),
    SECT409R1(12, "sect409r1", Kind.EC, 409, 7680),
    SECT571K1(13, "sect571k1", Kind.EC, 571, 15360),
    SECT571R1(14, "sect571r1", Kind.EC, 571, 15360),
    SECP160K1(15, "secp160k1", Kind.EC, 160, 1024),
    SECP160R1(16, "secp160r1", Kind.EC, 160, 1024),
    SECP160R2(17, "secp160r2", Kind.EC, 160, 1024),
    SECP192K1(18, "secp192k1", Kind.EC, 192, 1536),
    SECP192R1(19, "secp192r1", Kind.EC, 192, 1536),
    SECP224K1(20, "secp224k1", Kind.EC, 224, 2048),
    SECP224R1(21, "secp224r1", Kind.EC, 224, 2048),
    SECP256K1(22, "secp256k1", Kind.EC, 256, 3072),
    SECP256R1(23, "secp256r1", Kind.EC, 256, 3072),
    SECP384R1(24, "secp384r1", Kind.EC, 384, 7680),
    SECP521R1(25, "secp521r1", Kind.EC, 521, 15360),
    BRAINPOOLP256R1(26, "brainpoolP256r1", Kind.EC, 256, 3072),
    BRAINPOOLP384R1(27, "brainpoolP384r1", Kind.EC, 384, 7680),
    BRAINPOOLP512R1(28, "brainpoolP512r1", Kind.EC, 512, 15360),
    X25519(29, "x25519", Kind.EC, 253, 3072),
    X448(30, "x448", Kind.EC, 448, 7680),
    BRAINPOOLP256R1TLS13(31, "brainpoolP256r1tls13", Kind.EC, 256, 3072),
    BRAINPOOLP384R1TLS13(32, "brainpoolP384r1tls13", Kind.EC, 384, 7680),
    BRAINPOOLP512R1TLS13(33, "brainpoolP512r1tls13", Kind.EC, 512, 15360),
    FFDHE2048(256, "ffdhe2048", Kind.FFDHE, 2048, 2048),
    FFDHE3072(257, "ffdhe3072", Kind.FFDHE, 3072, 3072),
    FFDHE4096(258, "ffdhe4096", Kind.FFDHE, 4096, 4096),
    FFDHE6144(259, "ffdhe6144", Kind.FFDHE, 6144, 6144),
    FFDHE8192(260, "ffdhe8192", Kind.FFDHE, 8192, 8192),
    SECP256R1MLKEM768(0x11EB, "SecP256r1MLKEM768", Kind.HYBRID, 256, 3072),
    X25519MLKEM768(0x11EC, "X25519MLKEM768", Kind.HYBRID, 253, 3072),
    SECP384R1MLKEM1024(0x11ED, "SecP384r1MLKEM1024", Kind.HYBRID, 384, 7680);

    /** The family of the group. */
    public enum Kind { EC, FFDHE, HYBRID }

    private final int code;
    private final String ianaName;
    private final Kind kind;
    private final int bits;
    private final int rsaEquivalentBits;

    NamedGroup(int code, String ianaName, Kind kind, int bits, int rsaEquivalentBits) {
        this.code = code;
        this.ianaName = ianaName;
        this.kind = kind;
        this.bits = bits;
        this.rsaEquivalentBits = rsaEquivalentBits;
    }

    public int code() {
        return code;
    }

    public String ianaName() {
        return ianaName;
    }

    public Kind kind() {
        return kind;
    }

    /** Curve size or finite-field modulus size. */
    public int bits() {
        return bits;
    }

    public int rsaEquivalentBits() {
        return rsaEquivalentBits;
    }

    public static Optional<NamedGroup> fromCode(int code) {
        for (NamedGroup g : values()) {
            if (g.code == code) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
