package io.certatlas.store.read;

import io.certatlas.x509.DistinguishedName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One certificate as the API shows it, with its counts over what the caller may see and, when
 * asked for, its assets (capped by the caller).
 */
public record CertificateRow(
        long id,
        String certhash,
        byte[] der,
        String serialNumber,
        DistinguishedName subject,
        DistinguishedName issuer,
        Optional<String> issuerCerthash,
        DistinguishedName rootIssuer,
        Optional<String> rootCerthash,
        Instant validFrom,
        Instant validTo,
        int keySize,
        String publicKeyAlgorithm,
        String signatureAlgorithm,
        boolean selfSigned,
        String type,
        String issuerCategory,
        boolean extendedValidation,
        Map<String, List<String>> subjectAlternativeNames,
        List<String> keyUsage,
        List<String> enhancedKeyUsage,
        String subjectKeyIdentifier,
        String authKeyIdentifier,
        List<String> sources,
        boolean imported,
        String orderStatus,
        Instant created,
        Instant updated,
        Instant lastFound,
        long instanceCount,
        long assetCount,
        List<AssetRow> assets) {

    /** The same certificate with the counts the caller sees. */
    public CertificateRow withCounts(long newInstanceCount, long newAssetCount) {
        return new CertificateRow(id, certhash, der, serialNumber, subject, issuer, issuerCerthash, rootIssuer,
                rootCerthash, validFrom, validTo, keySize, publicKeyAlgorithm, signatureAlgorithm, selfSigned, type,
                issuerCategory, extendedValidation, subjectAlternativeNames, keyUsage, enhancedKeyUsage,
                subjectKeyIdentifier, authKeyIdentifier, sources, imported, orderStatus, created, updated, lastFound,
                newInstanceCount, newAssetCount, assets);
    }

    public CertificateRow withAssets(List<AssetRow> newAssets) {
        return new CertificateRow(id, certhash, der, serialNumber, subject, issuer, issuerCerthash, rootIssuer,
                rootCerthash, validFrom, validTo, keySize, publicKeyAlgorithm, signatureAlgorithm, selfSigned, type,
                issuerCategory, extendedValidation, subjectAlternativeNames, keyUsage, enhancedKeyUsage,
                subjectKeyIdentifier, authKeyIdentifier, sources, imported, orderStatus, created, updated, lastFound,
                instanceCount, assetCount, newAssets);
    }
}
