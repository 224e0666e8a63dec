package io.certatlas.scan.grade;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The certificate facts the grade needs about the served leaf.
 *
 * @param publicKeyAlgorithm "RSA", "EC", "DSA", "Ed25519"...
 * @param keySize            modulus or curve size in bits
 * @param signatureAlgorithm e.g. "SHA256withRSA", "MD5withRSA"
 * @param trustProblems      why the chain is not trusted (empty when trusted): self-signed, expired, unknown issuer...
 * @param debianWeakKey      the key is one of the Debian OpenSSL flaw keys (CVE-2008-0166)
 */
public record ServerCertificate(String publicKeyAlgorithm, int keySize, String signatureAlgorithm, List<String> trustProblems,
                                boolean debianWeakKey) {

    public ServerCertificate {
        Objects.requireNonNull(publicKeyAlgorithm, "publicKeyAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        trustProblems = List.copyOf(trustProblems);
        if (keySize < 0) {
            throw new IllegalArgumentException("keySize must not be negative, got " + keySize);
        }
    }

    public static ServerCertificate trustedRsa(int bits) {
        return new ServerCertificate("RSA", bits, "SHA256withRSA", List.of(), false);
    }

    public boolean trusted() {
        return trustProblems.isEmpty();
    }

    /**
     * The key's strength as an RSA modulus size (NIST SP 800-57 Part 1 table 2), which is the
     * scale the rating guide's key exchange thresholds use.
     */
    public int rsaEquivalentBits() {
        String alg = publicKeyAlgorithm.toUpperCase(Locale.ROOT);
        if (alg.startsWith("EC") || alg.equals("ED25519") || alg.equals("ED448")) {
            int bits = alg.equals("ED25519") ? 256 : alg.equals("ED448") ? 448 : keySize;
            if (bits >= 512) {
                return 15360;
            }
            if (bits >= 384) {
                return 7680;
            }
            if (bits >= 256) {
                return 3072;
            }
            if (bits >= 224) {
                return 2048;
            }
            return bits >= 160 ? 1024 : 512;
        }
        return keySize;
    }

    public boolean md5OrMd2Signature() {
        String s = signatureAlgorithm.toUpperCase(Locale.ROOT);
        return s.contains("MD5") || s.contains("MD2");
    }

    public boolean sha1Signature() {
        String s = signatureAlgorithm.toUpperCase(Locale.ROOT).replace("-", "");
        return s.contains("SHA1WITH") || s.startsWith("SHA1") || s.contains("WITHSHA1");
    }
}
