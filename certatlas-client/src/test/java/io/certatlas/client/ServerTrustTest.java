package io.certatlas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.client.error.ConnectionFailed;
import io.certatlas.client.tls.ServerTrust;
import io.certatlas.x509.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS verification against a real TLS server on loopback whose certificate no JDK CA vouches for. */
class ServerTrustTest {

    private static final TestPki PKI = TestPki.shared();
    private static FakeGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PKI.keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        gateway = FakeGateway.tls(context).withCertificates(5, 1);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static long count(ServerTrust trust) {
        return CertViewClient.to(gateway.url()).user(FakeGateway.USER, FakeGateway.PASSWORD.toCharArray()).trust(trust)
                .build().certificates(CertificateQuery.all()).count();
    }

    @Test
    void refusesAServerNoTrustedCaVouchesFor() {
        assertThatThrownBy(() -> count(ServerTrust.systemCas()))
                .isInstanceOf(ConnectionFailed.class)
                .hasMessageContaining("TLS certificate was not accepted")
                .hasMessageContaining("pin its SHA-256 fingerprint");
    }

    @Test
    void trustsTheCasOfABundle(@TempDir Path directory) throws Exception {
        Path bundle = Files.writeString(directory.resolve("ca.pem"), PKI.root().pem());

        assertThat(count(ServerTrust.caBundle(bundle))).isEqualTo(5);
    }

    @Test
    void trustsExactlyThePinnedCertificate() throws Exception {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(PKI.leaf().certificate().getEncoded());

        assertThat(count(ServerTrust.pinned(HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256)))).isEqualTo(5);
        assertThatThrownBy(() -> count(ServerTrust.pinned("00".repeat(32))))
                .isInstanceOf(ConnectionFailed.class)
                .hasMessageContaining("not the pinned");
    }

    @Test
    void refusesPlainHttpToAnotherHost() {
        assertThatThrownBy(() -> CertViewClient.to("http://certview.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain HTTP to another host");
    }
}
