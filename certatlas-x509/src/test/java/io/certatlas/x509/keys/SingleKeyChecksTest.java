package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.testing.WeakKeys;
import org.junit.jupiter.api.Test;

class SingleKeyChecksTest {

    @Test
    void everyCheckCitesItsSourceAndReportsADistinctWeakness() {
        assertThat(SingleKeyChecks.all()).allSatisfy(c -> assertThat(c.source()).isNotBlank());
        assertThat(SingleKeyChecks.all().stream().map(KeyCheck::weakness).distinct()).hasSize(SingleKeyChecks.all().size());
    }

    @Test
    void aSoundKeyHasNoProblem() {
        assertThat(SingleKeyChecks.problems(KeyFixtures.of(WeakKeys.sound(2048)))).isEmpty();
    }

    @Test
    void noDetailShowsAFactor() {
        var pair = WeakKeys.closePrimes(1024);
        var crt = (java.security.interfaces.RSAPrivateCrtKey) pair.getPrivate();
        var problems = SingleKeyChecks.problems(KeyFixtures.of(pair));
        assertThat(problems).isNotEmpty();
        problems.forEach(p -> assertThat(p.detail()).doesNotContain(crt.getPrimeP().toString()).doesNotContain(crt.getPrimeP().toString(16)));
    }
}
