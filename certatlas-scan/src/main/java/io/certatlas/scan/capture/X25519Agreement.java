package io.certatlas.scan.capture;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsSecret;

/** One ephemeral X25519 key exchange (RFC 7748) with BouncyCastle's fast field arithmetic; see {@link CaptureCrypto}. */
final class X25519Agreement implements TlsAgreement {

    private final TlsCrypto crypto;
    private final byte[] privateKey = new byte[X25519.SCALAR_SIZE];
    private byte[] peerValue;

    X25519Agreement(TlsCrypto crypto) {
        this.crypto = crypto;
    }

    @Override
    public byte[] generateEphemeral() {
        X25519.generatePrivateKey(crypto.getSecureRandom(), privateKey);
        byte[] publicKey = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    @Override
    public void receivePeerValue(byte[] peerValue) throws IOException {
        if (peerValue == null || peerValue.length != X25519.POINT_SIZE) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        this.peerValue = peerValue.clone();
    }

    @Override
    public TlsSecret calculateSecret() throws IOException {
        if (peerValue == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        byte[] shared = new byte[X25519.POINT_SIZE];
        try {
            // RFC 7748 6.1: an all-zero result (a small-order peer point) must be refused.
            if (!X25519.calculateAgreement(privateKey, 0, peerValue, 0, shared, 0)) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }
            return crypto.createSecret(shared);
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(privateKey, (byte) 0);
        }
    }
}
