package io.certatlas.server.tls;

import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The certificate and key the server answers HTTPS with: the operator's, or one CertAtlas makes
 * at first start and keeps in {@code <data-dir>/tls/server.p12}, so {@code serve} needs no set-up.
 */
public record ServerIdentity(Path keystore, String keystorePassword, X509Certificate certificate, boolean generated) {

    private static final String ALIAS = "certatlas";

    /** SHA-256 of the certificate's DER, as colon-separated upper-case hex (what browsers show). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public static ServerIdentity load(Path dataDirectory, Optional<Path> certificatePem, Optional<Path> keyPem) {
        Path dir = dataDirectory.resolve("tls");
        try {
            Files.createDirectories(dir);
            if (certificatePem.isPresent() && keyPem.isPresent()) {
                return fromOperatorPem(dir, certificatePem.get(), keyPem.get());
            }
            Path keystore = dir.resolve("server.p12");
            Path passwordFile = dir.resolve("server.p12.password");
            if (Files.exists(keystore) && Files.exists(passwordFile)) {
                String password = Files.readString(passwordFile).strip();
                X509Certificate certificate = readCertificate(keystore, password);
                // The certificate we made ourselves is renewed a month before it expires.
                if (certificate.getNotAfter().toInstant().isAfter(java.time.Instant.now().plus(Duration.ofDays(30)))) {
                    return new ServerIdentity(keystore, password, certificate, true);
                }
            }
            return generate(keystore, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the server's TLS identity in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the server's TLS identity in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ServerIdentity generate(Path keystore, Path passwordFile) throws IOException, GeneralSecurityException {
        String host = InetAddress.getLocalHost().getHostName();
        Issuer authority = Issuer.selfSigned(CertificateSpec.authority("CertAtlas local CA " + host)
                .withKeyType(KeyType.EC_P256)
                .withValidityEndingIn(Duration.ofDays(3650)));
        IssuedCertificate leaf = authority.issue(CertificateSpec.leaf("localhost")
                .withCommonName(host)
                .withDnsNames("localhost", host)
                .withIpAddresses("127.0.0.1", "::1")
                .withKeyType(KeyType.EC_P256)
                // 397 days: within the 398-day maximum that scanners (ours too, QID 38685) check.
                .withValidityEndingIn(Duration.ofDays(397)));
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        writeKeystore(keystore, password, leaf.privateKey(),
                new Certificate[] {leaf.certificate(), authority.certificate().certificate()});
        writePrivate(passwordFile, password);
        Files.writeString(keystore.resolveSibling("ca.pem"), authority.certificate().pem());
        return new ServerIdentity(keystore, password, leaf.certificate(), true);
    }

    private static ServerIdentity fromOperatorPem(Path dir, Path certificatePem, Path keyPem)
            throws IOException, GeneralSecurityException {
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certificatePem)) {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert " + certificatePem + " holds no PEM certificate");
        }
        PrivateKey key = readPrivateKey(keyPem);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path keystore = dir.resolve("operator.p12");
        writeKeystore(keystore, password, key, chain.toArray(Certificate[]::new));
        return new ServerIdentity(keystore, password, (X509Certificate) chain.getFirst(), false);
    }

    private static PrivateKey readPrivateKey(Path keyPem) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyPem); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("--tls-key " + keyPem
                    + " holds no unencrypted private key; give a PEM 'PRIVATE KEY' (PKCS#8) or 'RSA/EC PRIVATE KEY'");
        }
    }

    private static void writeKeystore(Path keystore, String password, PrivateKey key, Certificate[] chain)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
        Path temporary = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, password.toCharArray());
        }
        OwnerOnlyFile.restrict(temporary);
        Files.move(temporary, keystore, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate readCertificate(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        return (X509Certificate) store.getCertificate(ALIAS);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        OwnerOnlyFile.restrict(file);
    }
}
