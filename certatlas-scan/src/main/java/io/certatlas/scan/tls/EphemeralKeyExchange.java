package io.certatlas.scan.tls;

import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

/**
 * The client's half of an ephemeral key exchange, from the parameters in the server's
 * ServerKeyExchange: ECDHE over x25519 or a NIST curve (RFC 8422 5.4, 5.7) and finite-field DHE
 * (RFC 5246 7.4.3, 8.1.2). The server's signature over the parameters is not checked: the
 * connections that use this authenticate nothing.
 *
 * @param clientKeyExchange the ClientKeyExchange body: the client's public value as its vector
 * @param preMasterSecret   the shared secret, as the master secret derivation takes it
 */
record EphemeralKeyExchange(byte[] clientKeyExchange, byte[] preMasterSecret) {

    /** The groups this client computes; a hello that offers only these keeps the server to them. */
    static final java.util.List<Integer> GROUPS = java.util.List.of(29, 23, 24, 25); // x25519, secp256r1, secp384r1, secp521r1

    private static final int NAMED_CURVE = 3;

    /** ECDHE: curve_type, named group, point (RFC 8422 5.4); the signature that follows is ignored. */
    static EphemeralKeyExchange ecdhe(byte[] serverKeyExchange) throws GeneralSecurityException {
        if (serverKeyExchange.length < 4 || (serverKeyExchange[0] & 0xFF) != NAMED_CURVE) {
            throw new GeneralSecurityException("the server's ECDHE parameters do not name a curve");
        }
        int group = ((serverKeyExchange[1] & 0xFF) << 8) | (serverKeyExchange[2] & 0xFF);
        int length = serverKeyExchange[3] & 0xFF;
        if (4 + length > serverKeyExchange.length) {
            throw new GeneralSecurityException("the server's ECDHE point is truncated");
        }
        byte[] point = Arrays.copyOfRange(serverKeyExchange, 4, 4 + length);
        return switch (group) {
            case 29 -> x25519(point);
            case 23 -> nist("secp256r1", 32, point);
            case 24 -> nist("secp384r1", 48, point);
            case 25 -> nist("secp521r1", 66, point);
            default -> throw new GeneralSecurityException("the server chose group " + group + ", which was not offered");
        };
    }

    /** DHE: dh_p, dh_g, dh_Ys (RFC 5246 7.4.3); the signature that follows is ignored. */
    static EphemeralKeyExchange dhe(byte[] serverKeyExchange) throws GeneralSecurityException {
        int at = 0;
        BigInteger[] values = new BigInteger[3];
        for (int i = 0; i < 3; i++) {
            if (at + 2 > serverKeyExchange.length) {
                throw new GeneralSecurityException("the server's DH parameters are truncated");
            }
            int length = ((serverKeyExchange[at] & 0xFF) << 8) | (serverKeyExchange[at + 1] & 0xFF);
            if (at + 2 + length > serverKeyExchange.length) {
                throw new GeneralSecurityException("the server's DH parameters are truncated");
            }
            values[i] = new BigInteger(1, Arrays.copyOfRange(serverKeyExchange, at + 2, at + 2 + length));
            at += 2 + length;
        }
        BigInteger p = values[0];
        BigInteger g = values[1];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        generator.initialize(new DHParameterSpec(p, g));
        KeyPair mine = generator.generateKeyPair();
        PublicKey theirs = KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(values[2], p, g));
        byte[] secret = agree("DH", mine, theirs);
        // RFC 5246 8.1.2: leading zero bytes of Z are stripped
        int zeros = 0;
        while (zeros < secret.length - 1 && secret[zeros] == 0) {
            zeros++;
        }
        byte[] y = unsigned(((DHPublicKey) mine.getPublic()).getY());
        return new EphemeralKeyExchange(new ByteWriter().vector16(y).toByteArray(), Arrays.copyOfRange(secret, zeros, secret.length));
    }

    private static EphemeralKeyExchange x25519(byte[] point) throws GeneralSecurityException {
        if (point.length != 32) {
            throw new GeneralSecurityException("an x25519 value is 32 bytes, got " + point.length);
        }
        KeyPair mine = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        byte[] littleEndian = point.clone();
        littleEndian[31] &= 0x7F; // RFC 7748 5: the top bit is masked
        PublicKey theirs = KeyFactory.getInstance("XDH").generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, reversed(littleEndian))));
        byte[] u = reversed(fixed(((XECPublicKey) mine.getPublic()).getU(), 32));
        return new EphemeralKeyExchange(new ByteWriter().vector8(u).toByteArray(), agree("XDH", mine, theirs));
    }

    private static EphemeralKeyExchange nist(String curve, int coordinate, byte[] point) throws GeneralSecurityException {
        if (point.length != 1 + 2 * coordinate || point[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed " + curve + " point");
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair mine = generator.generateKeyPair();
        ECPublicKey own = (ECPublicKey) mine.getPublic();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + coordinate)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + coordinate, point.length)));
        PublicKey theirs = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, own.getParams()));
        byte[] encoded = new ByteWriter().u8(4).bytes(fixed(own.getW().getAffineX(), coordinate)).bytes(fixed(own.getW().getAffineY(), coordinate))
                .toByteArray();
        return new EphemeralKeyExchange(new ByteWriter().vector8(encoded).toByteArray(), agree("ECDH", mine, theirs));
    }

    private static byte[] agree(String algorithm, KeyPair mine, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance(algorithm);
        agreement.init(mine.getPrivate());
        agreement.doPhase(theirs, true);
        return agreement.generateSecret();
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** Big-endian, left-padded or trimmed to {@code length} bytes. */
    private static byte[] fixed(BigInteger v, int length) {
        byte[] b = unsigned(v);
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    private static byte[] reversed(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
