package io.certatlas.x509.keys.gcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class BatchGcdTest {

    /**
     * 1,500 distinct 256-bit moduli, a few dozen of them sharing primes in pairs and triples (the
     * pairwise check is quadratic: 3,000 took 37 s of the suite).
     */
    static List<BigInteger> moduli() {
        List<BigInteger> primes = new ArrayList<>();
        for (int i = 0; i < 2_950; i++) {
            primes.add(WeakKeys.prime(128));
        }
        LinkedHashSet<BigInteger> moduli = new LinkedHashSet<>();
        for (int i = 0; i + 1 < primes.size(); i += 2) {
            moduli.add(primes.get(i).multiply(primes.get(i + 1)));
        }
        // Reuse some primes: pairs and a triple sharing one prime, and one modulus sharing both its primes.
        for (int i = 0; i < 40; i++) {
            moduli.add(primes.get(4 * i).multiply(WeakKeys.prime(128)));
        }
        moduli.add(primes.get(1_001).multiply(primes.get(2_002)));
        moduli.add(primes.get(0).multiply(WeakKeys.prime(128)));
        return List.copyOf(moduli);
    }

    static Map<Integer, BigInteger> pairwise(List<BigInteger> moduli) {
        Map<Integer, BigInteger> found = new TreeMap<>();
        for (int i = 0; i < moduli.size(); i++) {
            BigInteger product = BigInteger.ONE;
            for (int j = 0; j < moduli.size(); j++) {
                BigInteger g = moduli.get(i).gcd(moduli.get(j));
                if (i != j && !g.equals(BigInteger.ONE)) {
                    product = product.multiply(g);
                }
            }
            if (!product.equals(BigInteger.ONE)) {
                found.put(i, moduli.get(i).gcd(product));
            }
        }
        return found;
    }

    @Test
    void agreesWithPairwiseGcdOnFifteenHundredModuli() {
        List<BigInteger> moduli = moduli();
        assertThat(moduli).hasSizeGreaterThan(1_500);
        Map<Integer, BigInteger> expected = pairwise(moduli);
        assertThat(expected).hasSizeGreaterThan(80);
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            assertThat(new BatchGcd(new JdkArithmetic(), pool).sharedFactors(moduli, done -> { })).isEqualTo(expected);
        }
    }

    @Test
    void fewerThanTwoModuliShareNothing() {
        try (ForkJoinPool pool = new ForkJoinPool(1)) {
            assertThat(new BatchGcd(new JdkArithmetic(), pool).sharedFactors(List.of(BigInteger.valueOf(15)), d -> { })).isEmpty();
            assertThat(new BatchGcd(new JdkArithmetic(), pool).sharedFactors(List.of(BigInteger.valueOf(15), BigInteger.valueOf(21)), d -> { }))
                    .isEqualTo(Map.of(0, BigInteger.valueOf(3), 1, BigInteger.valueOf(3)));
        }
    }
}
