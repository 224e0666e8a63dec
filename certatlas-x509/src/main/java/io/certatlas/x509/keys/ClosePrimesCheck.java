package io.certatlas.x509.keys;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Fermat's factorisation, bounded to {@value #ROUNDS} rounds: when p and q are close, a = ceil(sqrt n)
 * is at once (or after a few steps) (p + q) / 2 and a^2 - n a square. Primes drawn independently
 * are never that close; primes found by searching upwards from one random start are.
 */
public final class ClosePrimesCheck implements KeyCheck {

    static final int ROUNDS = 100;

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.CLOSE_PRIMES;
    }

    @Override
    public String source() {
        return "Böck, 'Fermat Factorization in the Wild' (2022), CVE-2022-26320 (Rambus SafeZone, Canon and Fujifilm printers); badkeys 'fermat'";
    }

    @Override
    public boolean applies(SubjectKey key) {
        return key.rsa().map(r -> r.modulus().signum() > 0 && r.modulus().testBit(0)).orElse(false);
    }

    @Override
    public Optional<KeyProblem> check(SubjectKey key) {
        BigInteger n = key.rsa().orElseThrow().modulus();
        BigInteger a = n.sqrt();
        if (a.multiply(a).equals(n)) {
            return Optional.of(new KeyProblem(weakness(), "the modulus is a perfect square: both primes are the same"));
        }
        a = a.add(BigInteger.ONE);
        for (int round = 0; round < ROUNDS; round++) {
            BigInteger b2 = a.multiply(a).subtract(n);
            BigInteger b = b2.sqrt();
            if (b.multiply(b).equals(b2) && a.subtract(b).compareTo(BigInteger.ONE) > 0) {
                return Optional.of(new KeyProblem(weakness(), "the two primes are so close that Fermat's method factors the modulus in "
                        + (round + 1) + " step(s) (they differ by about 2^" + b.shiftLeft(1).bitLength() + " in a "
                        + n.bitLength() + "-bit modulus)"));
            }
            a = a.add(BigInteger.ONE);
        }
        return Optional.empty();
    }
}
