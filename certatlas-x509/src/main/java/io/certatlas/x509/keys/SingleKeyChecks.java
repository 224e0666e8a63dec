package io.certatlas.x509.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of checks that need only the key itself; adding a check is adding a file and a
 * line here. The checks that need the whole inventory (shared primes, one key on many
 * certificates) run in the store, which sees every key.
 */
public final class SingleKeyChecks {

    private static final List<KeyCheck> ALL = List.of(
            new RsaParametersCheck(),
            new SmallFactorCheck(),
            new ClosePrimesCheck(),
            new RocaFingerprintCheck(),
            new EcPointCheck(),
            new KnownPrivateKeyCheck());

    private SingleKeyChecks() {
    }

    public static List<KeyCheck> all() {
        return ALL;
    }

    /** Every problem of this key, in catalogue order; empty for a sound key. */
    public static List<KeyProblem> problems(SubjectKey key) {
        List<KeyProblem> found = new ArrayList<>();
        for (KeyCheck check : ALL) {
            if (check.applies(key)) {
                check.check(key).ifPresent(found::add);
            }
        }
        return List.copyOf(found);
    }
}
