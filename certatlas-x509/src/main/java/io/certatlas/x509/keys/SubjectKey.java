package io.certatlas.x509.keys;

import io.certatlas.x509.MalformedCertificateException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The public key of a certificate as the key checks see it, read with Bouncy Castle's ASN.1
 * parser rather than the JDK's key factories: a key the JDK refuses (an EC point off its curve,
 * an even modulus) is exactly what the checks must still see.
 *
 * @param algorithm  {@code RSA}, {@code EC} or the algorithm OID for anything else
 * @param spkiSha256 SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex: the key's identity
 *                   across certificates and the form of the blocklist
 * @param rsa        modulus and exponent of an RSA key
 * @param ec         named curve and encoded point of an EC key
 */
public record SubjectKey(String algorithm, String spkiSha256, Optional<Rsa> rsa, Optional<Ec> ec) {

    public SubjectKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(spkiSha256, "spkiSha256");
        Objects.requireNonNull(rsa, "rsa");
        Objects.requireNonNull(ec, "ec");
    }

    public record Rsa(BigInteger modulus, BigInteger exponent) {
        public Rsa {
            Objects.requireNonNull(modulus, "modulus");
            Objects.requireNonNull(exponent, "exponent");
        }
    }

    /**
     * @param curveOid the named curve, or empty when the key carries explicit parameters
     * @param point    the encoded point as in the certificate (SEC 1 2.3.3)
     */
    public record Ec(Optional<String> curveOid, byte[] point) {
        public Ec {
            Objects.requireNonNull(curveOid, "curveOid");
            point = point.clone();
        }

        @Override
        public byte[] point() {
            return point.clone();
        }
    }

    /** The key of a DER certificate. */
    public static SubjectKey ofCertificate(byte[] der) throws MalformedCertificateException {
        Optional<byte[]> spki = SpkiLocator.find(der);
        if (spki.isPresent()) {
            try {
                return ofSpki(spki.get());
            } catch (MalformedCertificateException e) {
                // Read as a whole below, so that the reason names what is wrong with the certificate.
            }
        }
        try {
            return of(Certificate.getInstance(ASN1Primitive.fromByteArray(der)).getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            // Hostile DER can make the ASN.1 parser throw almost anything: each is a key that cannot be read.
            throw new MalformedCertificateException("cannot read the certificate's public key: " + e.getMessage(), e);
        }
    }

    /** The key of a DER SubjectPublicKeyInfo. */
    public static SubjectKey ofSpki(byte[] spki) throws MalformedCertificateException {
        try {
            return of(SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(spki)));
        } catch (IOException | RuntimeException e) {
            throw new MalformedCertificateException("cannot read the public key: " + e.getMessage(), e);
        }
    }

    private static SubjectKey of(SubjectPublicKeyInfo info) throws IOException {
        String hash = HexFormat.of().formatHex(sha256(info.getEncoded(ASN1Encoding.DER)));
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            RSAPublicKey key = RSAPublicKey.getInstance(info.parsePublicKey());
            return new SubjectKey("RSA", hash, Optional.of(new Rsa(key.getModulus(), key.getPublicExponent())), Optional.empty());
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            var parameters = info.getAlgorithm().getParameters();
            Optional<String> curve = parameters instanceof ASN1ObjectIdentifier named ? Optional.of(named.getId()) : Optional.empty();
            return new SubjectKey("EC", hash, Optional.empty(), Optional.of(new Ec(curve, info.getPublicKeyData().getBytes())));
        }
        return new SubjectKey(oid.getId(), hash, Optional.empty(), Optional.empty());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
