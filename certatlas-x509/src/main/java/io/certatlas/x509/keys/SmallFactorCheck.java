package io.certatlas.x509.keys;

import io.certatlas.x509.keys.gcd.ProductOf;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An RSA modulus divisible by a prime below {@value #BOUND}: one gcd with the product of all those
 * primes (about 140,000 bits) answers it. An even modulus is left to {@link RsaParametersCheck}.
 */
public final class SmallFactorCheck implements KeyCheck {

    static final int BOUND = 100_000;
    private static final BigInteger ODD_PRIMES_PRODUCT = oddPrimesProduct(BOUND);

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.SMALL_FACTOR;
    }

    @Override
    public String source() {
        return "badkeys 'smallfactors' (Böck, badkeys 2023); RSA moduli with small factors seen by Lenstra et al., 'Ron was wrong, Whit is right' (2012)";
    }

    @Override
    public boolean applies(SubjectKey key) {
        return key.rsa().map(r -> r.modulus().signum() > 0 && r.modulus().testBit(0)).orElse(false);
    }

    @Override
    public Optional<KeyProblem> check(SubjectKey key) {
        BigInteger n = key.rsa().orElseThrow().modulus();
        BigInteger g = n.gcd(ODD_PRIMES_PRODUCT);
        if (g.equals(BigInteger.ONE)) {
            return Optional.empty();
        }
        return Optional.of(new KeyProblem(weakness(), "the modulus has a prime factor below " + BOUND
                + ": anyone can divide it out and compute the private key"));
    }

    private static BigInteger oddPrimesProduct(int bound) {
        boolean[] composite = new boolean[bound];
        java.util.List<BigInteger> primes = new java.util.ArrayList<>();
        for (int i = 3; i < bound; i += 2) {
            if (!composite[i]) {
                primes.add(BigInteger.valueOf(i));
                for (long j = (long) i * i; j < bound; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        return ProductOf.all(primes);
    }
}
