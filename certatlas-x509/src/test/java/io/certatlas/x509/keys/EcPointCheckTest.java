package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.keys.testing.WeakKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
    void aCoordinateOutsideTheFieldIsAnInvalidPointNotAFailure() throws Exception {
        byte[] spki = KeyType.EC_P256.generate().getPublic().getEncoded();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        byte[] point = info.getPublicKeyData().getBytes();
        java.util.Arrays.fill(point, 1, 33, (byte) 0xff);   // x = 2^256 - 1, above the field's prime
        SubjectKey key = SubjectKey.ofSpki(new SubjectPublicKeyInfo(info.getAlgorithm(), point).getEncoded());
        var problem = check.check(key);
        assertThat(problem).isPresent();
        assertThat(problem.get().detail()).contains("cannot be decoded on secp256r1");
    }

    @Test
    void aCurveWithoutAFixedWidthFormIsCheckedToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        KeyPair pair = generator.generateKeyPair();
        SubjectKey sound = SubjectKey.ofSpki(pair.getPublic().getEncoded());
        assertThat(check.applies(sound)).isTrue();
        assertThat(check.check(sound)).isEmpty();
        assertThat(check.check(SubjectKey.ofSpki(WeakKeys.offCurve(pair).getEncoded()))).isPresent();
    }

    @Test
    void rsaKeysAreNotItsConcern() {
        assertThat(check.applies(KeyFixtures.of(WeakKeys.sound(1024)))).isFalse();
    }
}
