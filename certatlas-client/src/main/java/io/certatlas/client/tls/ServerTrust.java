package io.certatlas.client.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates a client accepts. Verification is always on: the JDK's CAs by
 * default, the CAs of a PEM bundle instead (a company CA), or exactly one certificate named by
 * its SHA-256 fingerprint (a server that made its own certificate). There is no "trust all".
 */
public sealed interface ServerTrust {

    /** The TLS context that enforces this trust. */
    SSLContext sslContext();

    /** How to say, in an error, what was trusted. */
    String describe();

    /** The JDK's trusted CAs, with host name verification. */
    static ServerTrust systemCas() {
        return new SystemCas();
    }

    /** The CA certificates of a PEM (or DER) file, with host name verification, instead of the JDK's. */
    static ServerTrust caBundle(Path pem) {
        return new CaBundle(pem);
    }

    /** Exactly the server certificate with this SHA-256 fingerprint ("AB:CD:..." or hex). */
    static ServerTrust pinned(String fingerprint) {
        return new Pinned(CertificatePin.of(fingerprint), fingerprint.strip());
    }

    record SystemCas() implements ServerTrust {
        @Override
        public SSLContext sslContext() {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot set up TLS: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "the JDK's trusted CAs";
        }
    }

    record CaBundle(Path pem) implements ServerTrust {
        @Override
        public SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(pem)) {
                Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException("the CA bundle " + pem + " holds no certificate; give a PEM file of CA certificates");
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int index = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + index++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                return context;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the CA bundle " + pem + ": " + e.getMessage(), e);
            } catch (CertificateException e) {
                throw new IllegalArgumentException("the CA bundle " + pem + " is not PEM or DER certificates: " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot set up TLS: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "the CAs in " + pem;
        }
    }

    record Pinned(CertificatePin pin, String fingerprint) implements ServerTrust {
        @Override
        public SSLContext sslContext() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {pin}, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot set up TLS: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "the certificate pinned as " + fingerprint;
        }
    }
}
