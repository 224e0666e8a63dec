package io.certatlas.store.overview;

import java.time.Instant;
import java.util.List;

/**
 * What the page's overview shows, as seen by one caller at one moment: the counts that matter,
 * the expiry timeline by week, the grade distribution, the top issuers, the key algorithms and
 * sizes, and the endpoints still serving a certificate after a newer one for the same name
 * appeared. Every figure is counted by PostgreSQL within the caller's scope.
 */
public record InventoryOverview(
        Instant asOf,
        Counts counts,
        List<ExpiryWeek> expiryWeeks,
        List<Share> grades,
        List<Share> issuers,
        List<KeyShare> keys,
        long staleEndpointCount,
        List<StaleEndpoint> staleEndpoints) {

    public InventoryOverview {
        expiryWeeks = List.copyOf(expiryWeeks);
        grades = List.copyOf(grades);
        issuers = List.copyOf(issuers);
        keys = List.copyOf(keys);
        staleEndpoints = List.copyOf(staleEndpoints);
    }

    /**
     * The headline numbers. Certificates and their kinds count certificates the caller sees;
     * {@code endpoints}, {@code gradedF} and {@code gradedT} count host instances on visible assets.
     */
    public record Counts(long certificates, long assets, long expired, long expiring7, long expiring30,
                         long expiring90, long selfSigned, long weakKeys, long sha1, long endpoints,
                         long gradedF, long gradedT) {
    }

    /** Certificates whose validity ends in {@code [start, end)}. */
    public record ExpiryWeek(Instant start, Instant end, long certificates) {
    }

    /** A named slice (a grade, an issuer) and how many it holds. */
    public record Share(String name, long count) {
    }

    /** Certificates with this public key algorithm and size. */
    public record KeyShare(String algorithm, int size, long count) {
    }

    /**
     * A host instance whose current leaf certificate has a successor: a certificate in the
     * inventory (visible to the caller) with the same subject name and a later start of validity.
     */
    public record StaleEndpoint(long instanceId, String assetName, int port, String fqdn, String servedCerthash,
                                String subjectName, Instant servedValidTo, String newerCerthash,
                                Instant newerValidTo) {
    }
}
