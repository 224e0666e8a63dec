package io.certatlas.x509.keys.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Keys built to be weak, for the key checks' tests: RSA pairs from chosen primes (a shared prime,
 * primes a few thousand apart, ROCA-structured primes), the RFC 9500 test keys, and an EC public
 * key moved off its curve. Every RSA pair here is a working key pair: a TLS server can serve it.
 */
public final class WeakKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger F4 = BigInteger.valueOf(65_537);

    private WeakKeys() {
    }

    public static BigInteger prime(int bits) {
        while (true) {
            BigInteger p = BigInteger.probablePrime(bits, RANDOM);
            // gcd(e, p - 1) = 1, so that the pair has a private exponent for e = 65537.
            if (!p.subtract(BigInteger.ONE).mod(F4).equals(BigInteger.ZERO)) {
                return p;
            }
        }
    }

    /** A working RSA key pair with modulus p * q and e = 65537. */
    public static KeyPair rsa(BigInteger p, BigInteger q) {
        BigInteger n = p.multiply(q);
        BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        BigInteger d = F4.modInverse(phi);
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(n, F4)),
                    factory.generatePrivate(new RSAPrivateCrtKeySpec(n, F4, d, p, q, d.mod(p.subtract(BigInteger.ONE)),
                            d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sound RSA key pair of {@code bits} bits (two independent primes). */
    public static KeyPair sound(int bits) {
        return rsa(prime(bits / 2), prime(bits / 2));
    }

    /** Two working key pairs whose moduli share the prime p. */
    public static KeyPair[] sharingAPrime(int bits) {
        BigInteger p = prime(bits / 2);
        return new KeyPair[] {rsa(p, prime(bits / 2)), rsa(p, prime(bits / 2))};
    }

    /** A key pair whose primes are a few thousand apart: q is the next usable prime after p + 3000. */
    public static KeyPair closePrimes(int bits) {
        BigInteger p = prime(bits / 2);
        BigInteger q = p.add(BigInteger.valueOf(3_000));
        do {
            q = q.nextProbablePrime();
        } while (q.subtract(BigInteger.ONE).mod(F4).equals(BigInteger.ZERO));
        return rsa(p, q);
    }

    /**
     * A key pair built with the published ROCA structure: each prime is k * M + (65537^a mod M),
     * M the product of the first {@code primes} primes (the paper uses 39 for 512-bit keys, 126
     * for 2048-bit ones), k and a random.
     */
    public static KeyPair roca(int bits, int primes) {
        BigInteger m = BigInteger.ONE;
        BigInteger candidate = BigInteger.TWO;
        for (int i = 0; i < primes; i++) {
            m = m.multiply(candidate);
            candidate = candidate.nextProbablePrime();
        }
        return rsa(rocaPrime(bits / 2, m), rocaPrime(bits / 2, m));
    }

    private static BigInteger rocaPrime(int bits, BigInteger m) {
        int kBits = bits - m.bitLength();
        if (kBits < 2) {
            throw new IllegalArgumentException("M has " + m.bitLength() + " bits: too many primes for " + bits + "-bit primes");
        }
        while (true) {
            BigInteger a = new BigInteger(m.bitLength(), RANDOM);
            BigInteger p = new BigInteger(kBits, RANDOM).setBit(kBits - 1).multiply(m).add(F4.modPow(a, m));
            if (p.bitLength() == bits && p.isProbablePrime(64) && !p.subtract(BigInteger.ONE).mod(F4).equals(BigInteger.ZERO)) {
                return p;
            }
        }
    }

    /** The RSA-2048 test key of RFC 9500 section 2.1, its private half published in the RFC. */
    public static KeyPair rfc9500Rsa2048() {
        return pem("rfc9500-testRSA2048.pem");
    }

    /** The P-256 test key of RFC 9500 section 2.3. */
    public static KeyPair rfc9500P256() {
        return pem("rfc9500-testECCP256.pem");
    }

    private static KeyPair pem(String name) {
        try (InputStream in = WeakKeys.class.getResourceAsStream(name);
             PEMParser parser = new PEMParser(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The public key of {@code pair} with its point moved off the curve (the last byte of y
     * changed), as a key object whose encoding a certificate builder copies as it is.
     */
    public static PublicKey offCurve(KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        byte[] point = info.getPublicKeyData().getBytes();
        point[point.length - 1] ^= 0x01;
        try {
            byte[] moved = new SubjectPublicKeyInfo(info.getAlgorithm(), point).getEncoded();
            return new RawPublicKey(((ECPublicKey) pair.getPublic()).getAlgorithm(), moved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A public key that is only its encoding: lets a certificate carry a key no key factory would make. */
    private record RawPublicKey(String algorithm, byte[] encoded) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return Arrays.copyOf(encoded, encoded.length);
        }
    }
}
