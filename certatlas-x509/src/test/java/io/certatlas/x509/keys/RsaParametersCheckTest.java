package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RsaParametersCheckTest {

    private final RsaParametersCheck check = new RsaParametersCheck();
    private final BigInteger sound = WeakKeys.prime(512).multiply(WeakKeys.prime(512));

    @Test
    void soundParametersPass() {
        assertThat(check.check(KeyFixtures.rsa(sound, BigInteger.valueOf(65_537)))).isEmpty();
    }

    @Test
    void evenModulusIsInvalid() {
        assertThat(check.check(KeyFixtures.rsa(sound.shiftLeft(1), BigInteger.valueOf(65_537))).orElseThrow().detail())
                .contains("modulus is even");
    }

    @Test
    void exponentOneOrEvenIsInvalidButASmallOddOneIsNot() {
        assertThat(check.check(KeyFixtures.rsa(sound, BigInteger.ONE)).orElseThrow().detail()).contains("public exponent is 1");
        assertThat(check.check(KeyFixtures.rsa(sound, BigInteger.valueOf(65_536))).orElseThrow().detail()).contains("is even");
        // Allowed by the Baseline Requirements and used by trusted roots (e = 3, e = 43147).
        assertThat(check.check(KeyFixtures.rsa(sound, BigInteger.valueOf(3)))).isEmpty();
        assertThat(check.check(KeyFixtures.rsa(sound, BigInteger.valueOf(43_147)))).isEmpty();
    }

    @Test
    void appliesOnlyToRsa() {
        assertThat(check.applies(KeyFixtures.of(WeakKeys.rfc9500P256()))).isFalse();
    }
}
