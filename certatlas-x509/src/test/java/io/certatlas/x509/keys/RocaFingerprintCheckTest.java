package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import org.junit.jupiter.api.Test;

class RocaFingerprintCheckTest {

    private final RocaFingerprintCheck check = new RocaFingerprintCheck();

    @Test
    void rocaStructuredModuliAreFingerprinted() {
        assertThat(check.check(KeyFixtures.of(WeakKeys.roca(512, 39)))).isPresent();
        assertThat(check.check(KeyFixtures.of(WeakKeys.roca(2048, 126)))).isPresent();
    }

    @Test
    void ordinaryModuliAreNot() {
        for (int i = 0; i < 20; i++) {
            assertThat(check.check(KeyFixtures.of(WeakKeys.sound(512)))).isEmpty();
        }
    }

    @Test
    void subgroupIsGeneratedBy65537() {
        // 65537 = 10 = -1 (mod 11): the subgroup is {1, 10}.
        assertThat(RocaFingerprintCheck.subgroupOf65537(11).stream().boxed().toList()).containsExactly(1, 10);
        assertThat(RocaFingerprintCheck.PRIMES).hasSize(38).startsWith(3, 5, 7).endsWith(167);
    }
}
