package io.certatlas.gmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.gcd.Arithmetic;
import io.certatlas.x509.keys.gcd.BatchGcd;
import io.certatlas.x509.keys.gcd.BigNumber;
import io.certatlas.x509.keys.gcd.JdkArithmetic;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** GMP gives the JDK's answers, and the batch GCD over it finds what the JDK's finds. */
class GmpArithmeticTest {

    private final Arithmetic gmp = Arithmetic.gmp().orElseThrow(() -> new AssertionError(
            "libgmp.so.10 is installed on this machine (Debian libgmp10) and the build runs on Java 22+: GMP must load"));
    private final Arithmetic jdk = new JdkArithmetic();
    private final Random random = new Random(23);

    @Test
    void operationsAgreeWithBigInteger() {
        for (int bits : new int[] {1, 63, 64, 65, 2048, 200_000}) {
            BigInteger a = new BigInteger(bits, random).add(BigInteger.ONE);
            BigInteger b = new BigInteger(Math.max(1, bits / 3), random).add(BigInteger.ONE);
            BigNumber x = gmp.of(a);
            BigNumber y = gmp.of(b);
            assertThat(x.toBigInteger()).isEqualTo(a);
            assertThat(x.bitLength()).isEqualTo(a.bitLength());
            assertThat(gmp.multiply(x, y).toBigInteger()).isEqualTo(a.multiply(b));
            assertThat(gmp.square(x).toBigInteger()).isEqualTo(a.multiply(a));
            assertThat(gmp.remainder(x, y).toBigInteger()).isEqualTo(a.mod(b));
            assertThat(gmp.divideExact(gmp.multiply(x, y), y).toBigInteger()).isEqualTo(a);
            assertThat(gmp.gcd(x, y)).isEqualTo(a.gcd(b));
            x.release();
            x.release();
            y.release();
        }
        assertThat(gmp.of(BigInteger.ZERO).toBigInteger()).isZero();
    }

    @Test
    void batchGcdOverGmpMatchesTheJdk() {
        List<BigInteger> primes = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            primes.add(BigInteger.probablePrime(128, random));
        }
        List<BigInteger> moduli = new ArrayList<>();
        for (int i = 0; i + 1 < primes.size(); i += 2) {
            moduli.add(primes.get(i).multiply(primes.get(i + 1)));
        }
        moduli.add(primes.get(10).multiply(primes.get(501)));
        moduli.add(primes.get(300).multiply(BigInteger.probablePrime(128, random)));
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            var expected = new BatchGcd(jdk, pool).sharedFactors(moduli, d -> { });
            assertThat(expected).hasSize(5);
            assertThat(new BatchGcd(gmp, pool).sharedFactors(moduli, d -> { })).isEqualTo(expected);
        }
    }
}
