package io.certatlas.x509;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * A set of trusted root certificates, indexed by subject name and subject key identifier so that
 * "is this issuer a trusted root?" costs one hash lookup. The default is the running JDK's
 * {@code lib/security/cacerts}; tests and private deployments pass their own set.
 */
public final class TrustAnchors {

    private static final class JdkDefault {
        static final TrustAnchors INSTANCE = loadJdkCacerts();
    }

    private final List<X509Certificate> certificates;
    private final Set<X500Name> subjects = new HashSet<>();
    private final Set<String> keyIds = new HashSet<>();

    private TrustAnchors(Collection<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
        for (X509Certificate cert : this.certificates) {
            subjects.add(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()));
            byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ext != null) {
                byte[] keyId = SubjectKeyIdentifier.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
                keyIds.add(HexFormat.of().formatHex(keyId));
            }
        }
    }

    /** The anchors of the running JDK's cacerts file (loaded once per JVM). */
    public static TrustAnchors jdkDefault() {
        return JdkDefault.INSTANCE;
    }

    /** Exactly these anchors. */
    public static TrustAnchors of(Collection<X509Certificate> certificates) {
        return new TrustAnchors(certificates);
    }

    /** No anchors at all: nothing is trusted, no issuer is public. */
    public static TrustAnchors none() {
        return new TrustAnchors(List.of());
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Whether an anchor has this subject key identifier (lowercase hex). */
    public boolean hasKeyId(String lowercaseHexKeyId) {
        return keyIds.contains(lowercaseHexKeyId);
    }

    /** Whether an anchor has this subject name (compared as RFC 5280 names, case-insensitively). */
    public boolean hasSubject(X500Name name) {
        return subjects.contains(name);
    }

    public int size() {
        return certificates.size();
    }

    private static TrustAnchors loadJdkCacerts() {
        Path file = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (!Files.isReadable(file)) {
            return new TrustAnchors(List.of());
        }
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), (char[]) null);
            List<X509Certificate> found = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate cert = store.getCertificate(alias);
                if (cert instanceof X509Certificate x509) {
                    found.add(x509);
                }
            }
            return new TrustAnchors(found);
        } catch (IOException | GeneralSecurityException e) {
            // A JDK without a readable cacerts trusts nothing by default; say so instead of failing.
            System.getLogger(TrustAnchors.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot read the JDK trust store " + file + " (" + e.getMessage() + "); no issuer will count as public");
            return new TrustAnchors(List.of());
        }
    }
}
