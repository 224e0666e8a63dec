package io.certatlas.x509.keys;

import java.math.BigInteger;
import java.security.KeyPair;
import java.util.Optional;

/** Keys as the checks see them, straight from a key pair or from a modulus and exponent. */
final class KeyFixtures {

    private KeyFixtures() {
    }

    static SubjectKey of(KeyPair pair) {
        try {
            return SubjectKey.ofSpki(pair.getPublic().getEncoded());
        } catch (io.certatlas.x509.MalformedCertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static SubjectKey rsa(BigInteger n, BigInteger e) {
        return new SubjectKey("RSA", "0".repeat(64), Optional.of(new SubjectKey.Rsa(n, e)), Optional.empty());
    }
}
