package io.certatlas.x509.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.issue.KeyUsageFlag;

/**
 * A ready-made test PKI: a root CA, an intermediate CA under it, and leaf certificates for
 * {@value #HOST} / {@value #ADDRESS} signed by the intermediate, plus the usual broken cases.
 *
 * <p>Key generation is what makes certificates slow, so a TestPki makes one key pair per key type
 * and reuses it for every leaf of that type. {@link #shared()} is built once per JVM and is
 * immutable: tests may share it freely. Use {@link #create()} when a test needs its own root.
 *
 * <p>The served chain of a leaf is {@code [leaf, intermediate]} (what a correctly configured server
 * sends); the root is what a client must trust: see {@link #servedChain(Case)} and {@link #root()}.
 */
public final class TestPki {

    /** The host name every good leaf is issued for. */
    public static final String HOST = "localhost";
    /** The IP address every good leaf also names. */
    public static final String ADDRESS = "127.0.0.1";
    /** Password of every key store this class writes unless told otherwise. */
    public static final String PASSWORD = "changeit";

    /** Named certificates, good and bad, that a scanner or an import must tell apart. */
    public enum Case {
        /** Root → intermediate → leaf for localhost and 127.0.0.1, RSA 2048, SHA256withRSA. */
        GOOD,
        /** A leaf for localhost that signs itself (no CA). */
        SELF_SIGNED,
        /** Expired a day ago. */
        EXPIRED,
        /** Valid only from 30 days from now. */
        NOT_YET_VALID,
        /** Still valid, expires in 10 days. */
        EXPIRING_IN_10_DAYS,
        /** Issued for {@code wrong.certatlas.invalid} only: does not match localhost or 127.0.0.1. */
        NAME_MISMATCH,
        /** Issued for {@code *.certatlas.test} (and {@code certatlas.test}). */
        WILDCARD,
        /** A 1024-bit RSA key. */
        RSA_1024,
        /** Signed with SHA1withRSA by the intermediate. */
        SHA1_SIGNATURE,
        /** An ECDSA P-256 key (signed by the RSA intermediate). */
        ECDSA_P256,
        /** An ECDSA P-384 key (signed by the RSA intermediate). */
        ECDSA_P384
    }

    /** A key store on disk, ready for {@code KeyManagerFactory} or the import reader. */
    public record KeyStoreFile(Path path, String type, String password, String alias) {
    }

    private static final class KeyPool {
        static final Map<KeyType, KeyPair> PAIRS = new EnumMap<>(KeyType.class);

        static synchronized KeyPair of(KeyType type) {
            return PAIRS.computeIfAbsent(type, KeyType::generate);
        }
    }

    private static final class Shared {
        static final TestPki INSTANCE = create();
    }

    private final Issuer root;
    private final Issuer intermediate;
    private final Map<Case, IssuedCertificate> cases = new EnumMap<>(Case.class);

    private TestPki(String label) {
        this.root = Issuer.selfSigned(CertificateSpec.authority("CertAtlas Test Root CA " + label)
                .withOrganization("CertAtlas Tests").withPlace("", "", "NL"), KeyPool.of(KeyType.RSA_2048));
        this.intermediate = root.issueAuthority(CertificateSpec.authority("CertAtlas Test Intermediate CA " + label)
                .withOrganization("CertAtlas Tests").withPathLength(0));
        for (Case c : Case.values()) {
            cases.put(c, make(c));
        }
    }

    /** The PKI shared by all tests of a JVM (built on first use, about a second). */
    public static TestPki shared() {
        return Shared.INSTANCE;
    }

    /** A PKI with its own root and intermediate (their keys are fresh; leaf keys come from the pool). */
    public static TestPki create() {
        return new TestPki(Long.toHexString(System.nanoTime()));
    }

    public IssuedCertificate root() {
        return root.certificate();
    }

    public IssuedCertificate intermediate() {
        return intermediate.certificate();
    }

    public Issuer rootIssuer() {
        return root;
    }

    public Issuer intermediateIssuer() {
        return intermediate;
    }

    /** The good leaf for localhost / 127.0.0.1. */
    public IssuedCertificate leaf() {
        return cases.get(Case.GOOD);
    }

    /** The certificate of a named case. */
    public IssuedCertificate certificate(Case c) {
        return cases.get(c);
    }

    /** What a server would send for the case: the leaf, then the intermediate unless the leaf signs itself. */
    public List<X509Certificate> servedChain(Case c) {
        IssuedCertificate leaf = certificate(c);
        return c == Case.SELF_SIGNED ? List.of(leaf.certificate())
                : List.of(leaf.certificate(), intermediate().certificate());
    }

    /** Leaf, intermediate and root: the whole path to the anchor. */
    public List<X509Certificate> fullChain() {
        return List.of(leaf().certificate(), intermediate().certificate(), root().certificate());
    }

    /** A new leaf signed by the intermediate for these names (first one is the CN), pooled RSA 2048 key. */
    public IssuedCertificate leafFor(String host, String... moreDnsNames) {
        List<String> names = new ArrayList<>();
        names.add(host);
        names.addAll(List.of(moreDnsNames));
        return intermediate.issue(CertificateSpec.leaf(host).withDnsNames(names.toArray(String[]::new)),
                KeyPool.of(KeyType.RSA_2048));
    }

    public IssuedCertificate selfSigned() { return certificate(Case.SELF_SIGNED); }
    public IssuedCertificate expired() { return certificate(Case.EXPIRED); }
    public IssuedCertificate notYetValid() { return certificate(Case.NOT_YET_VALID); }
    public IssuedCertificate expiringInTenDays() { return certificate(Case.EXPIRING_IN_10_DAYS); }
    public IssuedCertificate nameMismatch() { return certificate(Case.NAME_MISMATCH); }
    public IssuedCertificate wildcard() { return certificate(Case.WILDCARD); }
    public IssuedCertificate rsa1024() { return certificate(Case.RSA_1024); }
    public IssuedCertificate sha1Signature() { return certificate(Case.SHA1_SIGNATURE); }
    public IssuedCertificate ecdsaP256() { return certificate(Case.ECDSA_P256); }
    public IssuedCertificate ecdsaP384() { return certificate(Case.ECDSA_P384); }

    /** An in-memory key store (PKCS#12, password {@value #PASSWORD}, alias "server") holding the case's key and served chain. */
    public KeyStore keyStore(Case c) {
        return keyStore(certificate(c), servedChain(c), "PKCS12", PASSWORD);
    }

    /** A trust store (PKCS#12, password {@value #PASSWORD}) holding only this PKI's root. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", root().certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** A key store of the given type ("PKCS12" or "JKS") holding {@code key}'s private key under alias "server" with {@code chain}. */
    public static KeyStore keyStore(IssuedCertificate key, List<X509Certificate> chain, String type, String password) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setKeyEntry("server", key.privateKey(), password.toCharArray(),
                    chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a " + type + " key store: " + e.getMessage(), e);
        }
    }

    /** Writes the case's key and served chain to {@code file} as a "PKCS12" or "JKS" key store. */
    public KeyStoreFile writeKeyStore(Path file, Case c, String type, String password) {
        KeyStore store = keyStore(certificate(c), servedChain(c), type, password);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new KeyStoreFile(file, type, password, "server");
    }

    private IssuedCertificate make(Case c) {
        CertificateSpec good = CertificateSpec.leaf(HOST).withIpAddresses(ADDRESS).withOrganization("CertAtlas Tests");
        KeyPair rsa = KeyPool.of(KeyType.RSA_2048);
        return switch (c) {
            case GOOD -> intermediate.issue(good, rsa);
            case SELF_SIGNED -> Issuer.selfSigned(good, rsa).certificate();
            case EXPIRED -> intermediate.issue(good.withValidityEndingIn(Duration.ofDays(-1)), rsa);
            case NOT_YET_VALID -> intermediate.issue(good.withValidity(
                    good.notBefore().plus(Duration.ofDays(30)), good.notBefore().plus(Duration.ofDays(120))), rsa);
            case EXPIRING_IN_10_DAYS -> intermediate.issue(good.withValidityEndingIn(Duration.ofDays(10)), rsa);
            case NAME_MISMATCH -> intermediate.issue(CertificateSpec.leaf("wrong.certatlas.invalid"), rsa);
            case WILDCARD -> intermediate.issue(CertificateSpec.leaf("*.certatlas.test")
                    .withDnsNames("*.certatlas.test", "certatlas.test"), rsa);
            case RSA_1024 -> intermediate.issue(good.withKeyType(KeyType.RSA_1024), KeyPool.of(KeyType.RSA_1024));
            case SHA1_SIGNATURE -> intermediate.issue(good.withSignatureAlgorithm("SHA1withRSA"), rsa);
            case ECDSA_P256 -> intermediate.issue(good.withKeyType(KeyType.EC_P256)
                    .withKeyUsage(KeyUsageFlag.DIGITAL_SIGNATURE), KeyPool.of(KeyType.EC_P256));
            case ECDSA_P384 -> intermediate.issue(good.withKeyType(KeyType.EC_P384)
                    .withKeyUsage(KeyUsageFlag.DIGITAL_SIGNATURE), KeyPool.of(KeyType.EC_P384));
        };
    }
}
