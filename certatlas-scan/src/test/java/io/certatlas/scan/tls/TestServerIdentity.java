package io.certatlas.scan.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A self-signed RSA and an ECDSA identity for JSSE test servers, made once per JVM. JSSE serves
 * TLS 1.0/1.1, RC4, 3DES and anonymous suites with them because {@link LegacyCryptoForTests}
 * re-enabled those algorithms as the test JVM started (see /work/shared/notes/tls-test-servers.md).
 */
public final class TestServerIdentity {

    private static final TestServerIdentity INSTANCE = create();

    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final X509Certificate rsaCertificate;

    private TestServerIdentity(SSLContext serverContext, SSLContext clientContext, X509Certificate rsaCertificate) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.rsaCertificate = rsaCertificate;
    }

    public static TestServerIdentity get() {
        return INSTANCE;
    }

    /** Serves with an RSA 2048 and an ECDSA P-256 certificate, whichever the suite needs. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** Trusts exactly the test certificates. */
    public SSLContext clientContext() {
        return clientContext;
    }

    public X509Certificate rsaCertificate() {
        return rsaCertificate;
    }

    private static TestServerIdentity create() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair rsaPair = rsa.generateKeyPair();
            X509Certificate rsaCert = selfSigned(rsaPair, "SHA256withRSA", "rsa.test");
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ecPair = ec.generateKeyPair();
            X509Certificate ecCert = selfSigned(ecPair, "SHA256withECDSA", "ec.test");

            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("rsa", rsaPair.getPrivate(), password, new X509Certificate[] {rsaCert});
            keys.setKeyEntry("ec", ecPair.getPrivate(), password, new X509Certificate[] {ecCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(keys, password);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("rsa", rsaCert);
            trust.setCertificateEntry("ec", ecCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            return new TestServerIdentity(server, client, rsaCert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test TLS identity", e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair, String algorithm, String name) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                pair.getPublic());
        var signer = new JcaContentSignerBuilder(algorithm).build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
