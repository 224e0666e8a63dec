package io.certatlas.x509;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything CertAtlas knows about one certificate from its DER alone: the fields of the
 * Certificate View certificate object (basic and extended). Computed once by the x509 module and
 * stored as is; nothing here depends on where the certificate was found.
 *
 * <p>{@code subjectAlternativeNames} is keyed by the Certificate View kind labels
 * ({@code "DNS Name"}, {@code "IP Address"}, {@code "Email Address"}, {@code "URI"},
 * {@code "Directory Name"}, {@code "Other Name"}), in insertion order; empty when none.
 * {@code type} and {@code issuerCategory} are the certificate's own view of itself (a CA
 * certificate that signs itself is a Root); chain context may refine them when the chain is known.
 */
public record CertificateFacts(
        String certhash,
        byte[] der,
        String serialNumber,
        DistinguishedName subject,
        DistinguishedName issuer,
        Instant validFrom,
        Instant validTo,
        String publicKeyAlgorithm,
        int keySize,
        String signatureAlgorithm,
        boolean selfSigned,
        CertificateType type,
        IssuerCategory issuerCategory,
        boolean extendedValidation,
        boolean ca,
        Map<String, List<String>> subjectAlternativeNames,
        List<String> keyUsage,
        List<String> enhancedKeyUsage,
        String subjectKeyIdentifier,
        String authKeyIdentifier) {

    public CertificateFacts {
        Objects.requireNonNull(certhash, "certhash");
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validTo, "validTo");
        Objects.requireNonNull(publicKeyAlgorithm, "publicKeyAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(issuerCategory, "issuerCategory");
        // Insertion order is kept: it is the order the certificate lists its names in.
        subjectAlternativeNames = Collections.unmodifiableMap(new LinkedHashMap<>(subjectAlternativeNames));
        keyUsage = List.copyOf(keyUsage);
        enhancedKeyUsage = List.copyOf(enhancedKeyUsage);
        Objects.requireNonNull(subjectKeyIdentifier, "subjectKeyIdentifier");
        Objects.requireNonNull(authKeyIdentifier, "authKeyIdentifier");
    }
}
