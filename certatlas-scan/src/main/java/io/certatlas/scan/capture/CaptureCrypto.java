package io.certatlas.scan.capture;

import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The capture's handshake crypto: the JDK's providers (AES-GCM, RSA and ECDSA verification, SHA-2
 * use CPU intrinsics), except X25519, the key share almost every server picks. The JDK's X25519
 * is plain Java field arithmetic, and a JFR profile of the scan benchmark showed it as a quarter
 * of the scanner's CPU; BouncyCastle's RFC 7748 code did key generation plus agreement in about a
 * third of the time on this machine (100 vs 306 microseconds per handshake, same JVM, warmed up).
 */
final class CaptureCrypto extends JcaTlsCrypto {

    private CaptureCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keys, SecureRandom nonces) {
        super(helper, altHelper, keys, nonces);
    }

    /** Built through the provider, so that key and nonce randomness are set up exactly as BouncyCastle's own. */
    static TlsCrypto create(SecureRandom random) {
        return new JcaTlsCryptoProvider() {
            @Override
            public JcaTlsCrypto create(SecureRandom keys, SecureRandom nonces) {
                return new CaptureCrypto(getHelper(), getAltHelper(), keys, nonces);
            }
        }.create(random);
    }

    @Override
    public TlsECDomain createECDomain(TlsECConfig config) {
        if (config.getNamedGroup() == NamedGroup.x25519) {
            return () -> new X25519Agreement(this);
        }
        return super.createECDomain(config);
    }
}
