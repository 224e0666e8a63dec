package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;

/**
 * Public values for TLS 1.3 key_share entries (RFC 8446 4.2.8.2). A probe never computes the
 * shared secret, so one secp256r1 point made at start-up serves every probe; x25519 accepts any
 * 32 bytes (RFC 7748 5).
 */
final class ProbeKeyShares {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SECP256R1_POINT = uncompressedP256Point();

    private ProbeKeyShares() {
    }

    static byte[] publicValue(NamedGroup group) {
        return switch (group) {
            case X25519 -> {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                yield key;
            }
            case SECP256R1 -> SECP256R1_POINT.clone();
            default -> throw new IllegalArgumentException("no probe key share for " + group.ianaName()
                    + ": only x25519 and secp256r1 are sent");
        };
    }

    /** RFC 8446 4.2.8.2: 0x04 || X || Y, each coordinate 32 bytes. */
    private static byte[] uncompressedP256Point() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            ECPoint w = ((ECPublicKey) kpg.generateKeyPair().getPublic()).getW();
            byte[] out = new byte[65];
            out[0] = 0x04;
            copyUnsigned(w.getAffineX(), out, 1);
            copyUnsigned(w.getAffineY(), out, 33);
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a secp256r1 key", e);
        }
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }
}
