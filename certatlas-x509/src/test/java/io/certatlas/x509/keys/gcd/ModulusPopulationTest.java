package io.certatlas.x509.keys.gcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class ModulusPopulationTest {

    @Test
    void aNewModulusIsCheckedAgainstEveryBlock() {
        List<BigInteger> moduli = BatchGcdTest.moduli();
        try (ForkJoinPool pool = new ForkJoinPool(2); ModulusPopulation population = new ModulusPopulation(new JdkArithmetic(), pool)) {
            assertThat(population.addAll(moduli)).isEqualTo(moduli.size());
            assertThat(population.addAll(moduli.subList(0, 10))).isZero();
            BigInteger p = WeakKeys.prime(128);
            BigInteger lonely = p.multiply(WeakKeys.prime(128));
            assertThat(population.sharingFactorWith(lonely)).isEmpty();
            // Shares a prime with the last modulus, which sits in the last of several blocks.
            BigInteger last = moduli.getLast();
            BigInteger factor = last.gcd(moduli.get(0)).equals(BigInteger.ONE) ? null : last.gcd(moduli.get(0));
            assertThat(factor).isNotNull();
            BigInteger newcomer = factor.multiply(WeakKeys.prime(128));
            List<BigInteger> expected = moduli.stream().filter(m -> !m.gcd(newcomer).equals(BigInteger.ONE)).toList();
            assertThat(population.sharingFactorWith(newcomer)).containsExactlyInAnyOrderElementsOf(expected).hasSizeGreaterThanOrEqualTo(2);
        }
    }
}
