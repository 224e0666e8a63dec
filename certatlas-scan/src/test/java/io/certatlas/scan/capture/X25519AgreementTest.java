package io.certatlas.scan.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.junit.jupiter.api.Test;

/** The capture's own X25519 agrees with the JDK's on the shared secret and refuses a small-order peer point. */
class X25519AgreementTest {

    private final TlsCrypto crypto = CaptureCrypto.create(new SecureRandom());

    private TlsAgreement agreement() {
        return crypto.createECDomain(new TlsECConfig(NamedGroup.x25519)).createECDH();
    }

    @Test
    void theSharedSecretIsTheOneTheJdkComputes() throws Exception {
        assertThat(agreement()).isInstanceOf(X25519Agreement.class);
        KeyPair jdk = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        TlsAgreement ours = agreement();
        byte[] ourPublic = ours.generateEphemeral();

        ours.receivePeerValue(encode((XECPublicKey) jdk.getPublic()));
        byte[] ourSecret = ours.calculateSecret().extract();

        KeyAgreement theirs = KeyAgreement.getInstance("X25519");
        theirs.init(jdk.getPrivate());
        theirs.doPhase(decode(ourPublic), true);
        assertThat(ourSecret).hasSize(32).isEqualTo(theirs.generateSecret());
    }

    @Test
    void aSmallOrderPeerPointIsRefused() throws Exception {
        TlsAgreement ours = agreement();
        ours.generateEphemeral();
        ours.receivePeerValue(new byte[32]); // the point of order 1: every shared secret would be zero
        assertThatThrownBy(ours::calculateSecret).isInstanceOfSatisfying(TlsFatalAlert.class,
                alert -> assertThat(alert.getAlertDescription()).isEqualTo(AlertDescription.handshake_failure));
        assertThatThrownBy(() -> agreement().receivePeerValue(new byte[31])).isInstanceOf(TlsFatalAlert.class);
    }

    /** RFC 7748 u-coordinate, little-endian, 32 bytes. */
    private static byte[] encode(XECPublicKey key) {
        byte[] bigEndian = key.getU().toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static PublicKey decode(byte[] littleEndian) throws Exception {
        byte[] bigEndian = new byte[33];
        for (int i = 0; i < 32; i++) {
            bigEndian[32 - i] = littleEndian[i];
        }
        return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(bigEndian)));
    }
}
