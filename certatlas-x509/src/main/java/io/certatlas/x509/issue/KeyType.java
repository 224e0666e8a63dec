package io.certatlas.x509.issue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key pairs CertAtlas can make for a certificate it issues, with the usual signature for each. */
public enum KeyType {
    RSA_1024("RSA", 1024, "", "SHA256withRSA"),
    RSA_2048("RSA", 2048, "", "SHA256withRSA"),
    RSA_3072("RSA", 3072, "", "SHA256withRSA"),
    RSA_4096("RSA", 4096, "", "SHA256withRSA"),
    EC_P256("EC", 256, "secp256r1", "SHA256withECDSA"),
    EC_P384("EC", 384, "secp384r1", "SHA384withECDSA"),
    EC_P521("EC", 521, "secp521r1", "SHA512withECDSA");

    private final String algorithm;
    private final int bits;
    private final String curve;
    private final String defaultSignatureAlgorithm;

    KeyType(String algorithm, int bits, String curve, String defaultSignatureAlgorithm) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.curve = curve;
        this.defaultSignatureAlgorithm = defaultSignatureAlgorithm;
    }

    /** JCA algorithm name: {@code RSA} or {@code EC}. */
    public String algorithm() {
        return algorithm;
    }

    /** RSA modulus bits or EC field bits. */
    public int bits() {
        return bits;
    }

    /** The signature algorithm a key of this type signs with unless told otherwise. */
    public String defaultSignatureAlgorithm() {
        return defaultSignatureAlgorithm;
    }

    /** A fresh key pair of this type (RSA 4096 takes seconds: reuse pairs when making many certificates). */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve.isEmpty()) {
                generator.initialize(bits);
            } else {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            // Every JDK 21 ships RSA and the NIST curves; reaching this means a broken runtime.
            throw new IllegalStateException("this Java runtime cannot make " + this + " keys: " + e.getMessage(), e);
        }
    }

    /** The signature algorithm to use with a signing key of the given JCA algorithm and size. */
    static String defaultSignatureFor(java.security.PublicKey key) {
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            int fieldBits = ec.getParams().getCurve().getField().getFieldSize();
            return fieldBits > 384 ? EC_P521.defaultSignatureAlgorithm
                    : fieldBits > 256 ? EC_P384.defaultSignatureAlgorithm
                    : EC_P256.defaultSignatureAlgorithm;
        }
        return RSA_2048.defaultSignatureAlgorithm;
    }
}
