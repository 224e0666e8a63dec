package io.certatlas.x509.keys;

import java.util.Optional;

/**
 * One check of one public key, in the manner of a ZLint lint: whether it applies to a key is
 * separate from whether the key passes, and each check names the research or standard it follows.
 * Checks of the whole population (shared primes, reuse) live beside the store, which sees it.
 */
public interface KeyCheck {

    /** The weakness this check reports. */
    KeyWeakness weakness();

    /** Where the check comes from: paper, CVE or standard clause. */
    String source();

    /** Whether the check says anything about this key (an RSA check says nothing of an EC key). */
    boolean applies(SubjectKey key);

    /** The problem found, or empty when the key passes; only called when {@link #applies} is true. */
    Optional<KeyProblem> check(SubjectKey key);
}
