package io.certatlas.x509.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certatlas.x509.testing.TestPki;

class IssuerTest {

    private final TestPki pki = TestPki.shared();

    @Test
    void theTestChainValidatesWithTheJdkAgainstItsRoot() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pki.root().certificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                factory.generateCertPath(List.of(pki.leaf().certificate(), pki.intermediate().certificate())), params);
    }

    @Test
    void authorityKeyIdOfEachCertificateIsTheSubjectKeyIdOfItsSigner() throws Exception {
        assertThat(aki(pki.leaf().certificate())).isEqualTo(ski(pki.intermediate().certificate()));
        assertThat(aki(pki.intermediate().certificate())).isEqualTo(ski(pki.root().certificate()));
        assertThat(aki(pki.root().certificate())).isEqualTo(ski(pki.root().certificate()));
    }

    @Test
    void specFieldsAppearInTheCertificate() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        IssuedCertificate cert = pki.intermediateIssuer().issue(CertificateSpec.leaf("www.example.test")
                .withOrganization("Example").withOrganizationalUnits("Ops", "Web").withPlace("Delft", "ZH", "NL")
                .withDnsNames("www.example.test", "example.test").withIpAddresses("10.0.0.1")
                .withValidity(from, to).withSerial(BigInteger.valueOf(4242))
                .withSignatureAlgorithm("SHA384withRSA").withKeyType(KeyType.EC_P256));
        X509Certificate x = cert.certificate();
        assertThat(x.getSubjectX500Principal().getName())
                .isEqualTo("CN=www.example.test,OU=Web,OU=Ops,O=Example,L=Delft,ST=ZH,C=NL");
        assertThat(x.getSerialNumber()).isEqualTo(BigInteger.valueOf(4242));
        assertThat(x.getNotBefore().toInstant()).isEqualTo(from);
        assertThat(x.getNotAfter().toInstant()).isEqualTo(to);
        assertThat(x.getSigAlgName()).isEqualTo("SHA384withRSA");
        assertThat(x.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(x.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.pem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(cert.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void reusedKeyPairIsCertifiedAsIs() {
        var keys = KeyType.EC_P256.generate();
        IssuedCertificate a = pki.intermediateIssuer().issue(CertificateSpec.leaf("a.test"), keys);
        IssuedCertificate b = pki.intermediateIssuer().issue(CertificateSpec.leaf("b.test"), keys);
        assertThat(a.certificate().getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(b.certificate().getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
    }

    @Test
    void manyThreadsIssueFromOneIssuerWithDistinctSerialsAndValidSignatures() throws Exception {
        var keys = KeyType.EC_P256.generate();
        List<IssuedCertificate> issued = java.util.stream.IntStream.range(0, 200).parallel()
                .mapToObj(i -> pki.intermediateIssuer().issue(CertificateSpec.leaf("h" + i + ".test"), keys))
                .toList();
        assertThat(issued.stream().map(c -> c.certificate().getSerialNumber()).distinct()).hasSize(200);
        for (IssuedCertificate cert : issued) {
            cert.certificate().verify(pki.intermediate().certificate().getPublicKey());
        }
    }

    @Test
    void namedBadCasesAreWhatTheirNamesSay() {
        assertThat(pki.expired().certificate().getNotAfter().toInstant()).isBefore(Instant.now());
        assertThat(pki.notYetValid().certificate().getNotBefore().toInstant()).isAfter(Instant.now());
        assertThat(pki.sha1Signature().certificate().getSigAlgName()).isEqualTo("SHA1withRSA");
        assertThat(pki.selfSigned().certificate().getIssuerX500Principal())
                .isEqualTo(pki.selfSigned().certificate().getSubjectX500Principal());
        assertThat(pki.ecdsaP384().certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(pki.rsa1024().certificate().getPublicKey())
                .isInstanceOfSatisfying(java.security.interfaces.RSAPublicKey.class,
                        k -> assertThat(k.getModulus().bitLength()).isEqualTo(1024));
    }

    @Test
    void validityThatEndsBeforeItStartsIsRefusedWithAReason() {
        assertThatThrownBy(() -> CertificateSpec.leaf("x.test")
                .withValidity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notAfter").hasMessageContaining("before notBefore");
    }

    @Test
    void aJsseServerServesTheWrittenKeyStoreToAClientTrustingTheRoot(@TempDir Path dir) throws Exception {
        for (String type : List.of("PKCS12", "JKS")) {
            TestPki.KeyStoreFile file = pki.writeKeyStore(dir.resolve("server." + type), TestPki.Case.GOOD, type,
                    "secret");
            KeyStore loaded = KeyStore.getInstance(type);
            try (InputStream in = java.nio.file.Files.newInputStream(file.path())) {
                loaded.load(in, file.password().toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(loaded, file.password().toCharArray());
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(pki.trustStore());
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);

            try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getByName(TestPki.ADDRESS))) {
                listener.setSoTimeout(10_000);
                CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
                    socket.connect(new InetSocketAddress(TestPki.ADDRESS, listener.getLocalPort()), 10_000);
                    socket.setSoTimeout(10_000);
                    var params = socket.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(params);
                    socket.startHandshake();
                    X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    assertThat(served).isEqualTo(pki.leaf().certificate());
                    assertThat(socket.getInputStream().read()).isEqualTo('h');
                }
                serving.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static byte[] ski(X509Certificate cert) throws Exception {
        return SubjectKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(cert).getExtensions()).getKeyIdentifier();
    }

    private static byte[] aki(X509Certificate cert) throws Exception {
        return AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(cert).getExtensions()).getKeyIdentifier();
    }
}
