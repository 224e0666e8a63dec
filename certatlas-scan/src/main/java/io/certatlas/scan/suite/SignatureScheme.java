package io.certatlas.scan.suite;

import java.util.Optional;

/**
 * Signature algorithms a client offers (RFC 8446 4.2.3; the TLS 1.2 hash/signature pairs of
 * RFC 5246 7.4.1.4.1 share the same code space).
 */
public enum SignatureScheme {
    RSA_PKCS1_MD5(0x0101, "rsa_md5"),
    RSA_PKCS1_SHA1(0x0201, "rsa_pkcs1_sha1"),
    DSA_SHA1(0x0202, "dsa_sha1"),
    ECDSA_SHA1(0x0203, "ecdsa_sha1"),
    RSA_PKCS1_SHA224(0x0301, "rsa_sha224"),
    DSA_SHA224(0x0302, "dsa_sha224"),
    ECDSA_SHA224(0x0303, "ecdsa_sha224"),
    RSA_PKCS1_SHA256(0x0401, "rsa_pkcs1_sha256"),
    DSA_SHA256(0x0402, "dsa_sha256"),
    ECDSA_SECP256R1_SHA256(0x0403, "ecdsa_secp256r1_sha256"),
    RSA_PKCS1_SHA384(0x0501, "rsa_pkcs1_sha384"),
    DSA_SHA384(0x0502, "dsa_sha384"),
    ECDSA_SECP384R1_SHA384(0x0503, "ecdsa_secp384r1_sha384"),
    RSA_PKCS1_SHA512(0x0601, "rsa_pkcs1_sha512"),
    DSA_SHA512(0x0602, "dsa_sha512"),
    ECDSA_SECP521R1_SHA512(0x0603, "ecdsa_secp521r1_sha512"),
    RSA_PSS_RSAE_SHA256(0x0804, "rsa_pss_rsae_sha256"),
    RSA_PSS_RSAE_SHA384(0x0805, "rsa_pss_rsae_sha384"),
    RSA_PSS_RSAE_SHA512(0x0806, "rsa_pss_rsae_sha512"),
    ED25519(0x0807, "ed25519"),
    ED448(0x0808, "ed448"),
    RSA_PSS_PSS_SHA256(0x0809, "rsa_pss_pss_sha256"),
    RSA_PSS_PSS_SHA384(0x080A, "rsa_pss_pss_sha384"),
    RSA_PSS_PSS_SHA512(0x080B, "rsa_pss_pss_sha512");

    private final int code;
    private final String ianaName;

    SignatureScheme(int code, String ianaName) {
        this.code = code;
        this.ianaName = ianaName;
    }

    public int code() {
        return code;
    }

    public String ianaName() {
        return ianaName;
    }

    public static Optional<SignatureScheme> fromCode(int code) {
        for (SignatureScheme s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
