package io.certatlas.scan.finding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/** The roots a served chain is judged against: the JDK's by default, or the operator's. */
public final class TrustAnchors {

    private final List<X509Certificate> roots;
    private final Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();

    private TrustAnchors(Collection<X509Certificate> roots) {
        this.roots = List.copyOf(roots);
        for (X509Certificate root : this.roots) {
            bySubject.computeIfAbsent(root.getSubjectX500Principal(), k -> new ArrayList<>()).add(root);
        }
    }

    public static TrustAnchors of(Collection<X509Certificate> roots) {
        return new TrustAnchors(roots);
    }

    /** The JDK's default trust store (cacerts, or what javax.net.ssl.trustStore names). */
    public static TrustAnchors jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new TrustAnchors(List.of(x509.getAcceptedIssuers()));
                }
            }
            return new TrustAnchors(List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every certificate of a key store (PKCS#12 or JKS) as a root. */
    public static TrustAnchors fromKeyStore(KeyStore store) {
        try {
            List<X509Certificate> roots = new ArrayList<>();
            for (String alias : java.util.Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    roots.add(x509);
                }
            }
            return new TrustAnchors(roots);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust store cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM (or DER) file as a root. */
    public static TrustAnchors fromPemFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> roots = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                roots.add((X509Certificate) certificate);
            }
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("the trust store file " + file + " holds no certificate: give a PEM file of CA certificates");
            }
            return new TrustAnchors(roots);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust store file " + file + " cannot be read (" + e.getMessage()
                    + "): give a PEM file of CA certificates", e);
        }
    }

    public List<X509Certificate> roots() {
        return roots;
    }

    public boolean contains(X509Certificate certificate) {
        return bySubject.getOrDefault(certificate.getSubjectX500Principal(), List.of()).contains(certificate);
    }

    /** Roots whose subject is this certificate's issuer. */
    List<X509Certificate> issuersOf(X509Certificate certificate) {
        return bySubject.getOrDefault(certificate.getIssuerX500Principal(), List.of());
    }
}
