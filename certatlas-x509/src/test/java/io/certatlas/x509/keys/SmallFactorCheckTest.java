package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SmallFactorCheckTest {

    private final SmallFactorCheck check = new SmallFactorCheck();
    private final BigInteger e = BigInteger.valueOf(65_537);

    @Test
    void modulusWithAFactorBelowTheBoundIsFound() {
        BigInteger n = BigInteger.valueOf(99_991).multiply(WeakKeys.prime(2_031));
        var problem = check.check(KeyFixtures.rsa(n, e));
        assertThat(problem).isPresent();
        assertThat(problem.get().detail()).contains("prime factor below 100000").doesNotContain("99991");
    }

    @Test
    void soundModulusPasses() {
        assertThat(check.check(KeyFixtures.of(WeakKeys.sound(1024)))).isEmpty();
    }

    @Test
    void factorJustAboveTheBoundIsNotClaimed() {
        BigInteger n = BigInteger.valueOf(100_003).multiply(WeakKeys.prime(1_000));
        assertThat(check.check(KeyFixtures.rsa(n, e))).isEmpty();
    }
}
