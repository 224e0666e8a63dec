package io.certatlas.x509.issue;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * A certificate CertAtlas issued, with the key pair whose public half it certifies.
 * {@code privateKey} is {@code keyPair.getPrivate()}, kept as its own field for callers that only
 * want the key.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, KeyPair keyPair) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyPair, "keyPair");
    }

    public IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {
        this(certificate, keyPair.getPrivate(), keyPair);
    }

    /** The certificate's DER encoding. */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            // The certificate was built from DER by us moments ago; it always re-encodes.
            throw new IllegalStateException("issued certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The certificate as one PEM block ending in a newline. */
    public String pem() {
        return pemBlock("CERTIFICATE", der());
    }

    /** The private key as an unencrypted PKCS#8 PEM block ({@code BEGIN PRIVATE KEY}). */
    public String privateKeyPem() {
        return pemBlock("PRIVATE KEY", privateKey.getEncoded());
    }

    static String pemBlock(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
