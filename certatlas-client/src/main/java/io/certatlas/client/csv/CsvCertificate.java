package io.certatlas.client.csv;

import io.certatlas.client.model.Certificate;
import io.certatlas.client.model.Name;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one line of the certificate CSV says: the fields of a Certificate View certificate that a
 * spreadsheet can hold, with the subject alternative names split by kind and the assets reduced
 * to their names. The client makes it from the API's JSON ({@link #of(Certificate)}); the
 * CertAtlas server makes it from its database rows for its export; so both write the same CSV.
 */
public record CsvCertificate(
        String certhash,
        Name subject,
        Name issuer,
        String dn,
        String serialNumber,
        Optional<Instant> validFrom,
        Optional<Instant> validTo,
        int keySize,
        String publicKeyAlgorithm,
        String signatureAlgorithm,
        String type,
        boolean selfSigned,
        String issuerCategory,
        boolean extendedValidation,
        Map<String, List<String>> subjectAlternativeNames,
        List<String> sources,
        long instanceCount,
        long assetCount,
        Optional<Instant> lastFound,
        List<String> assets) {

    public CsvCertificate {
        Objects.requireNonNull(certhash, "certhash");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        subjectAlternativeNames = Map.copyOf(subjectAlternativeNames);
        sources = List.copyOf(sources);
        // Sorted, so that a certificate's line does not depend on the order its assets were read in.
        List<String> sorted = new ArrayList<>(assets);
        sorted.sort(Comparator.naturalOrder());
        assets = List.copyOf(sorted);
    }

    public static CsvCertificate of(Certificate c) {
        List<String> assets = c.assets().stream().map(a -> assetLabel(a.name(), a.primaryIp())).toList();
        return new CsvCertificate(c.certhash(), c.subject(), c.issuer(), c.dn(), c.serialNumber(), c.validFrom(),
                c.validTo(), c.keySize(), c.publicKeyAlgorithm(), c.signatureAlgorithm(), c.type(), c.selfSigned(),
                c.issuerCategory(), c.extendedValidation(), new LinkedHashMap<>(c.subjectAlternativeNames()), c.sources(),
                c.instanceCount(), c.assetCount(), c.lastFound(), assets);
    }

    /** How an asset is named in the {@code assets} column: its name, or its primary address when it has no name. */
    public static String assetLabel(String name, String primaryIp) {
        return name == null || name.isBlank() ? Objects.requireNonNullElse(primaryIp, "") : name;
    }

    /** The names of one kind ("DNS Name", "IP Address"). */
    public List<String> names(String kind) {
        return subjectAlternativeNames.getOrDefault(kind, List.of());
    }

    /** The names of every other kind, each as "Kind: value" (e-mail addresses, URIs, ...). */
    public List<String> otherNames() {
        List<String> other = new ArrayList<>();
        subjectAlternativeNames.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getKey().equals(CertificateCsv.DNS) && !e.getKey().equals(CertificateCsv.IP))
                .forEach(e -> e.getValue().forEach(value -> other.add(e.getKey() + ": " + value)));
        return other;
    }
}
