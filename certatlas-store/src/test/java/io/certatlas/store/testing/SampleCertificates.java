package io.certatlas.store.testing;

import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.CertificateType;
import io.certatlas.x509.DistinguishedName;
import io.certatlas.x509.IssuerCategory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Certificate facts for store tests that exercise rows, not parsing: the "DER" is a stand-in
 * byte string and the certhash its real SHA-256, so each name gives one stable certificate.
 */
public final class SampleCertificates {

    private SampleCertificates() {
    }

    public static CertificateFacts root(String name) {
        DistinguishedName dn = dn(name);
        return facts(name, dn, dn, CertificateType.ROOT, IssuerCategory.SELF_SIGNED, true, true, List.of());
    }

    public static CertificateFacts intermediate(String name, CertificateFacts issuer) {
        return facts(name, dn(name), issuer.subject(), CertificateType.INTERMEDIATE, IssuerCategory.PRIVATE, false,
                true, List.of());
    }

    public static CertificateFacts leaf(String host, CertificateFacts issuer) {
        return facts(host, dn(host), issuer.subject(), CertificateType.LEAF, IssuerCategory.PRIVATE, false, false,
                List.of(host));
    }

    /** A leaf for {@code host} valid from {@code from} for {@code lifetime}; one certificate per (host, from). */
    public static CertificateFacts leaf(String host, CertificateFacts issuer, Instant from, Duration lifetime) {
        CertificateFacts plain = leaf(host, issuer);
        byte[] der = ("sample certificate " + host + " from " + from).getBytes(StandardCharsets.UTF_8);
        return new CertificateFacts(sha256(der), der, Integer.toHexString((host + from).hashCode()), plain.subject(),
                plain.issuer(), from, from.plus(lifetime), plain.publicKeyAlgorithm(), plain.keySize(),
                plain.signatureAlgorithm(), false, CertificateType.LEAF, IssuerCategory.PRIVATE, false, false,
                plain.subjectAlternativeNames(), plain.keyUsage(), plain.enhancedKeyUsage(), "", "");
    }

    private static DistinguishedName dn(String cn) {
        return new DistinguishedName("CN=" + cn + ",O=Example Corp,C=DE", cn, "Example Corp", List.of("IT"), "", "", "DE");
    }

    private static CertificateFacts facts(String name, DistinguishedName subject, DistinguishedName issuer,
                                          CertificateType type, IssuerCategory category, boolean selfSigned,
                                          boolean ca, List<String> dnsNames) {
        byte[] der = ("sample certificate " + name).getBytes(StandardCharsets.UTF_8);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        return new CertificateFacts(sha256(der), der, Integer.toHexString(name.hashCode()), subject, issuer, from,
                from.plus(Duration.ofDays(365)), "RSA", 2048, "SHA256withRSA", selfSigned, type, category, false, ca,
                dnsNames.isEmpty() ? Map.of() : Map.of("DNS Name", dnsNames), List.of("digitalSignature"),
                ca ? List.of() : List.of("serverAuth"), "", "");
    }

    public static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
