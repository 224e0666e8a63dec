package io.certatlas.x509.keys;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What can be wrong with a public key, as CertAtlas reports it: the value a filter names
 * ({@code keyWeakness:SharedPrime}), the finding it becomes on every endpoint serving the key
 * (CertAtlas ids 90023xx: Qualys has no QID for these), and whether the key was factored.
 *
 * <p>The findings catalogue of the scanner ({@code findings.tsv}) carries the same rows; a test
 * there keeps the two in step.
 */
public enum KeyWeakness {
    SHARED_PRIME("SharedPrime", 9_002_301, "key.shared-prime", 5, true,
            "SSL Certificate - RSA Key Factored: Shares a Prime with Another Key in the Inventory"),
    ROCA_FINGERPRINT("RocaFingerprint", 9_002_302, "key.roca", 4, false,
            "SSL Certificate - RSA Key Carries the ROCA Fingerprint (CVE-2017-15361)"),
    CLOSE_PRIMES("ClosePrimes", 9_002_303, "key.close-primes", 5, true,
            "SSL Certificate - RSA Key Factored: Primes Too Close Together (Fermat)"),
    SMALL_FACTOR("SmallFactor", 9_002_304, "key.small-factor", 5, true,
            "SSL Certificate - RSA Modulus Has a Small Prime Factor"),
    INVALID_RSA_PARAMETERS("InvalidRsaParameters", 9_002_305, "key.invalid-rsa-parameters", 4, false,
            "SSL Certificate - Invalid RSA Public Key Parameters"),
    INVALID_EC_POINT("InvalidEcPoint", 9_002_306, "key.invalid-ec-point", 4, false,
            "SSL Certificate - EC Public Key Not on Its Curve or Not in Its Prime-Order Subgroup"),
    KNOWN_PRIVATE_KEY("KnownPrivateKey", 9_002_307, "key.known-private-key", 5, false,
            "SSL Certificate - Private Key Published (Known Test or Example Key)"),
    REUSED_KEY("ReusedKey", 9_002_308, "key.reused", 1, false,
            "SSL Certificate - Public Key Shared with Other Certificates (Information)");

    /** The extra value a filter may name: any weakness that gave CertAtlas a factor of the modulus. */
    public static final String FACTORABLE = "Factorable";

    private final String value;
    private final int qid;
    private final String findingKey;
    private final int severity;
    private final boolean factored;
    private final String title;

    KeyWeakness(String value, int qid, String findingKey, int severity, boolean factored, String title) {
        this.value = value;
        this.qid = qid;
        this.findingKey = findingKey;
        this.severity = severity;
        this.factored = factored;
        this.title = title;
    }

    /** The spelling stored and filtered on, e.g. {@code SharedPrime}. */
    public String value() {
        return value;
    }

    public int qid() {
        return qid;
    }

    /** The key of its row in the findings catalogue. */
    public String findingKey() {
        return findingKey;
    }

    public int severity() {
        return severity;
    }

    /** True when the check found a factor: the private key can be computed by anyone who looks. */
    public boolean factored() {
        return factored;
    }

    public String title() {
        return title;
    }

    public static Optional<KeyWeakness> byValue(String value) {
        return Arrays.stream(values()).filter(w -> w.value.equalsIgnoreCase(value)).findFirst();
    }

    public static Optional<KeyWeakness> byQid(int qid) {
        return Arrays.stream(values()).filter(w -> w.qid == qid).findFirst();
    }

    /** Every value a {@code keyWeakness} filter accepts: the weaknesses and {@value #FACTORABLE}. */
    public static List<String> filterValues() {
        List<String> all = new java.util.ArrayList<>(Arrays.stream(values()).map(KeyWeakness::value).toList());
        all.add(FACTORABLE);
        return List.copyOf(all);
    }
}
