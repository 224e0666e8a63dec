package io.certatlas.store.keys;

import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.keys.KeyProblem;
import io.certatlas.x509.keys.KeyWeakness;
import io.certatlas.x509.keys.SingleKeyChecks;
import io.certatlas.x509.keys.SubjectKey;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * A certificate's public key after the checks that need only the key: what {@code certificate_key}
 * stores for it before the checks that need the whole inventory (shared primes, one key on many
 * certificates). Computed wherever the certificate's DER is at hand: by the audit, which reads it
 * back, or by an import's readers, which have just parsed it.
 */
public record CheckedKey(String spkiSha256, String algorithm, Optional<BigInteger> modulus, Map<KeyWeakness, String> problems) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CheckedKey {
        EnumMap<KeyWeakness, String> copy = new EnumMap<>(KeyWeakness.class);
        copy.putAll(problems);
        problems = Collections.unmodifiableMap(copy);
    }

    /** The key of this certificate, checked; empty when the key cannot be read (left unaudited, never fatal). */
    public static Optional<CheckedKey> of(byte[] certificateDer) {
        SubjectKey key;
        try {
            key = SubjectKey.ofCertificate(certificateDer);
        } catch (MalformedCertificateException e) {
            return Optional.empty();
        }
        Map<KeyWeakness, String> problems = new EnumMap<>(KeyWeakness.class);
        for (KeyProblem p : SingleKeyChecks.problems(key)) {
            problems.put(p.weakness(), p.detail());
        }
        return Optional.of(new CheckedKey(key.spkiSha256(), key.algorithm(), populationModulus(key), problems));
    }

    /** The RSA modulus the batch GCD works on; longer ones are checked alone but kept out of the population. */
    static Optional<BigInteger> populationModulus(SubjectKey key) {
        return key.rsa().map(SubjectKey.Rsa::modulus)
                .filter(n -> n.signum() > 0 && n.bitLength() > 1 && n.bitLength() <= KeyAudit.MAX_MODULUS_BITS);
    }

    /** {@code weaknesses} as the SQL statements take it: the values, sorted, comma-separated (values never hold a comma). */
    static String weaknessList(Map<KeyWeakness, String> problems) {
        return String.join(",", sortedValues(problems));
    }

    private static List<String> sortedValues(Map<KeyWeakness, String> problems) {
        return problems.keySet().stream().map(KeyWeakness::value).sorted().toList();
    }

    /** {@code details} as JSON: weakness value to why. */
    /** The weaknesses' stored values, sorted: what the row's {@code weaknesses} column holds. */
    public String[] weaknessValues() {
        return sortedValues(problems).toArray(String[]::new);
    }

    /** Each weakness with why, as JSON: what the row's {@code details} column holds. */
    public String details() {
        return detailsJson(problems);
    }

    static String detailsJson(Map<KeyWeakness, String> problems) {
        if (problems.isEmpty()) {
            return "{}";
        }
        Map<String, String> byWeakness = new TreeMap<>();
        problems.forEach((w, d) -> byWeakness.put(w.value(), d));
        return JSON.writeValueAsString(byWeakness);
    }
}
