package io.certatlas.x509.keys.testing;

import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.keys.KeyWeakness;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One certificate per weak-key case, and the controls, all issued by one test CA for
 * {@code <case>.weak.test}; the RSA ones with a working private key, so a TLS server can serve them.
 * Built once per JVM ({@link #shared()}): the RSA-2048 keys take seconds to make.
 */
public final class WeakCertificates {

    /** A case: its certificate and the weakness a check must report for it (empty for a control). */
    public record Case(String name, IssuedCertificate certificate, Optional<KeyWeakness> expected) {
    }

    private static WeakCertificates shared;

    private final Issuer ca;
    private final Map<String, Case> cases = new LinkedHashMap<>();

    private WeakCertificates() {
        ca = Issuer.selfSigned(CertificateSpec.authority("Weak Keys Test CA").withKeyType(KeyType.RSA_2048));
        KeyPair[] sharing = WeakKeys.sharingAPrime(2048);
        add("shared-a", sharing[0], KeyWeakness.SHARED_PRIME);
        add("shared-b", sharing[1], KeyWeakness.SHARED_PRIME);
        add("control-a", WeakKeys.sound(2048), null);
        add("control-b", WeakKeys.sound(2048), null);
        add("close-primes", WeakKeys.closePrimes(2048), KeyWeakness.CLOSE_PRIMES);
        add("roca", WeakKeys.roca(2048, 126), KeyWeakness.ROCA_FINGERPRINT);
        add("blocklisted", WeakKeys.rfc9500Rsa2048(), KeyWeakness.KNOWN_PRIVATE_KEY);
        KeyPair ec = KeyType.EC_P256.generate();
        add("off-curve", new KeyPair(WeakKeys.offCurve(ec), ec.getPrivate()), KeyWeakness.INVALID_EC_POINT);
        add("control-ec", KeyType.EC_P256.generate(), null);
        KeyPair reused = WeakKeys.sound(2048);
        add("reused-a", reused, KeyWeakness.REUSED_KEY);
        add("reused-b", reused, KeyWeakness.REUSED_KEY);
    }

    public static synchronized WeakCertificates shared() {
        if (shared == null) {
            shared = new WeakCertificates();
        }
        return shared;
    }

    private void add(String name, KeyPair keys, KeyWeakness expected) {
        IssuedCertificate certificate = ca.issue(CertificateSpec.leaf(name + ".weak.test").withCommonName(name + ".weak.test"), keys);
        cases.put(name, new Case(name, certificate, Optional.ofNullable(expected)));
    }

    public Map<String, Case> cases() {
        return cases;
    }

    public Case get(String name) {
        return cases.get(name);
    }

    public Issuer ca() {
        return ca;
    }
}
