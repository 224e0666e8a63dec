package io.certatlas.scan.suite;

import io.certatlas.scan.tls.ProtocolVersion;

import java.util.Objects;

/**
 * One cipher suite of the IANA registry with the facts the scanner and the grade need.
 *
 * @param code          the two-byte code point
 * @param ianaName      the registry name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
 * @param opensslName   the name OpenSSL and sslscan print, e.g. ECDHE-RSA-AES128-GCM-SHA256
 * @param cipher        the bulk cipher and mode, e.g. AES_GCM, 3DES_EDE_CBC, RC4, NULL
 * @param keyBits       cipher key length in bits (3DES: 168)
 * @param strengthBits  effective strength in bits (3DES: 112)
 * @param blockBits     block size; 64 makes the suite prone to Sweet32; 0 for stream ciphers
 * @param mac           MD5, SHA, SHA256, SHA384 or AEAD
 * @param minProtocol   the oldest version the suite can be used with
 */
public record CipherSuite(
        int code,
        String ianaName,
        String opensslName,
        KeyExchange keyExchange,
        Authentication authentication,
        String cipher,
        int keyBits,
        int strengthBits,
        int blockBits,
        String mac,
        boolean aead,
        boolean export,
        boolean anonymous,
        ProtocolVersion minProtocol) {

    public CipherSuite {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code must be a 16-bit value, got " + code);
        }
        Objects.requireNonNull(ianaName, "ianaName");
        Objects.requireNonNull(opensslName, "opensslName");
        Objects.requireNonNull(keyExchange, "keyExchange");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(minProtocol, "minProtocol");
    }

    /** The five TLS 1.3 suites: only those may be offered in, or chosen by, a TLS 1.3 handshake. */
    public boolean isTls13() {
        return minProtocol == ProtocolVersion.TLS1_3;
    }

    /** Whether a server may choose this suite in a handshake of the given version. */
    public boolean usableWith(ProtocolVersion version) {
        if (version == ProtocolVersion.TLS1_3 || isTls13()) {
            return version == ProtocolVersion.TLS1_3 && isTls13();
        }
        return version.atLeast(minProtocol);
    }

    /** 64-bit block ciphers (DES, 3DES, IDEA, RC2): Sweet32, CVE-2016-2183. */
    public boolean hasSmallBlock() {
        return blockBits == 64;
    }

    public boolean isRc4() {
        return cipher.equals("RC4");
    }

    public boolean isNullCipher() {
        return cipher.equals("NULL");
    }

    /** CBC-mode block cipher (BEAST on SSLv3/TLS 1.0, Lucky13). */
    public boolean isCbc() {
        return cipher.endsWith("_CBC");
    }

    /** Forward secrecy: the key exchange is ephemeral and authenticated. */
    public boolean forwardSecret() {
        return keyExchange.isEphemeral() && !anonymous;
    }

    /** "0x00,0x0A" as sslscan prints code points. */
    public String codeHex() {
        return String.format("0x%04X", code);
    }
}
