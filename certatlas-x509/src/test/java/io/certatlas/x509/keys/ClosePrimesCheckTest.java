package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import org.junit.jupiter.api.Test;

class ClosePrimesCheckTest {

    private final ClosePrimesCheck check = new ClosePrimesCheck();

    @Test
    void primesAFewThousandApartAreFactored() {
        var problem = check.check(KeyFixtures.of(WeakKeys.closePrimes(2048)));
        assertThat(problem).isPresent();
        assertThat(problem.get().weakness()).isEqualTo(KeyWeakness.CLOSE_PRIMES);
        assertThat(problem.get().detail()).contains("Fermat");
    }

    @Test
    void independentPrimesPass() {
        for (int i = 0; i < 5; i++) {
            assertThat(check.check(KeyFixtures.of(WeakKeys.sound(1024)))).isEmpty();
        }
    }
}
