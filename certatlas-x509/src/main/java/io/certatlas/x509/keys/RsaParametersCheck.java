package io.certatlas.x509.keys;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RSA public key parameters no correct key generator produces: an even (or non-positive)
 * modulus, an exponent of 1 (encryption is the identity), an even exponent (no inverse mod
 * lambda(n), so no private key exists), an exponent not below the modulus.
 *
 * <p>An odd exponent from 3 to 65535 is not among them: FIPS 186-5 asks key generators for
 * 2^16 < e, but the CA/Browser Forum's Baseline Requirements (6.1.6) allow any odd e of 3 or more,
 * and roots every browser trusts use 3 (Go Daddy and Starfield Class 2) or 43147 (NetLock Arany).
 * Calling them invalid would be wrong on the first import of {@code /etc/ssl/certs}.
 */
public final class RsaParametersCheck implements KeyCheck {

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.INVALID_RSA_PARAMETERS;
    }

    @Override
    public String source() {
        return "FIPS 186-5 section 5.4 (e odd); CA/Browser Forum Baseline Requirements 6.1.6 (e odd, 3 or more); NIST SP 800-89 section 5.3.3 (modulus odd, not a prime power); badkeys 'rsainvalid'";
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
        }
        if (n.signum() > 0 && e.compareTo(n) >= 0) {
            wrong.add("the public exponent is not smaller than the modulus");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(new KeyProblem(weakness(), String.join("; ", wrong)));
    }
}
