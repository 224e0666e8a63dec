package io.certatlas.x509.keys;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RSA public key parameters no correct key generator produces: an even (or non-positive)
 * modulus, an exponent of 1 (encryption is the identity), an even exponent (no inverse mod
 * lambda(n), so no private key exists), an exponent below 65537 or not below the modulus.
 */
public final class RsaParametersCheck implements KeyCheck {

    private static final BigInteger F4 = BigInteger.valueOf(65_537);

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.INVALID_RSA_PARAMETERS;
    }

    @Override
    public String source() {
        return "FIPS 186-5 section 5.4 (e odd, 2^16 < e < 2^256); NIST SP 800-89 section 5.3.3 (modulus odd, not a prime power); badkeys 'rsainvalid'";
    }

    @Override
    public boolean applies(SubjectKey key) {
        return key.rsa().isPresent();
    }

    @Override
    public Optional<KeyProblem> check(SubjectKey key) {
        BigInteger n = key.rsa().orElseThrow().modulus();
        BigInteger e = key.rsa().orElseThrow().exponent();
        List<String> wrong = new ArrayList<>();
        if (n.signum() <= 0) {
            wrong.add("the modulus is not positive");
        } else if (!n.testBit(0)) {
            wrong.add("the modulus is even");
        }
        if (e.compareTo(BigInteger.ONE) <= 0) {
            wrong.add("the public exponent is " + e + " (1 leaves every message unencrypted)");
        } else if (!e.testBit(0)) {
            wrong.add("the public exponent " + e + " is even (no private exponent exists)");
        } else if (e.compareTo(F4) < 0) {
            wrong.add("the public exponent " + e + " is below 65537");
        }
        if (n.signum() > 0 && e.compareTo(n) >= 0) {
            wrong.add("the public exponent is not smaller than the modulus");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(new KeyProblem(weakness(), String.join("; ", wrong)));
    }
}
