package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.keys.testing.WeakKeys;
import org.junit.jupiter.api.Test;

class EcPointCheckTest {

    private final EcPointCheck check = new EcPointCheck();

    @Test
    void pointOnItsCurvePasses() throws Exception {
        for (KeyType type : new KeyType[] {KeyType.EC_P256, KeyType.EC_P384, KeyType.EC_P521}) {
            SubjectKey key = KeyFixtures.of(type.generate());
            assertThat(check.applies(key)).isTrue();
            assertThat(check.check(key)).as(type.name()).isEmpty();
        }
    }

    @Test
    void pointOffItsCurveIsFound() throws Exception {
        SubjectKey key = SubjectKey.ofSpki(WeakKeys.offCurve(KeyType.EC_P256.generate()).getEncoded());
        var problem = check.check(key);
        assertThat(problem).isPresent();
        assertThat(problem.get().detail()).contains("not on secp256r1");
    }

    @Test
    void rsaKeysAreNotItsConcern() {
        assertThat(check.applies(KeyFixtures.of(WeakKeys.sound(1024)))).isFalse();
    }
}
