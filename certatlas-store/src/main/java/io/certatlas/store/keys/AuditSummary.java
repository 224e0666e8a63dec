package io.certatlas.store.keys;

import io.certatlas.x509.keys.KeyWeakness;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a key audit saw: how many certificates' keys it checked and how many certificates carry
 * each weakness. {@code factorable} counts certificates whose key a check factored.
 */
public record AuditSummary(long checked, long factorable, Map<KeyWeakness, Long> byWeakness, Duration elapsed) {

    public AuditSummary {
        byWeakness = byWeakness.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byWeakness));
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public long count(KeyWeakness weakness) {
        return byWeakness.getOrDefault(weakness, 0L);
    }

    /** The line the scan and import summaries print. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "keys: %,d checked; %,d factorable, %,d ROCA-fingerprinted, %,d blocklisted, %,d invalid, %,d reused",
                checked, factorable, count(KeyWeakness.ROCA_FINGERPRINT), count(KeyWeakness.KNOWN_PRIVATE_KEY),
                count(KeyWeakness.INVALID_RSA_PARAMETERS) + count(KeyWeakness.INVALID_EC_POINT), count(KeyWeakness.REUSED_KEY));
    }
}
