package io.certatlas.x509.chain;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** Chaining by key identifier (RFC 5280 4.2.1.1/4.2.1.2), which the JDK's path builder does not insist on. */
final class KeyIds {

    private KeyIds() {
    }

    /** False only when both identifiers are present and differ: then the candidate cannot be the issuer. */
    static boolean compatible(X509Certificate issuer, X509Certificate child) {
        Optional<byte[]> aki = authorityKeyId(child);
        Optional<byte[]> ski = subjectKeyId(issuer);
        return aki.isEmpty() || ski.isEmpty() || Arrays.equals(aki.get(), ski.get());
    }

    static Optional<byte[]> subjectKeyId(X509Certificate cert) {
        try {
            byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            return ext == null ? Optional.empty() : Optional.of(
                    SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<byte[]> authorityKeyId(X509Certificate cert) {
        try {
            byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
            if (ext == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                    .getKeyIdentifierOctets());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
