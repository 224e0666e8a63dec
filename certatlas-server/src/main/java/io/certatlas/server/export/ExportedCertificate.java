package io.certatlas.server.export;

import io.certatlas.client.csv.CsvCertificate;
import io.certatlas.client.model.Name;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.x509.DistinguishedName;
import java.util.Optional;

/**
 * A certificate of the store as a line of the certificate CSV. The CSV's columns belong to the
 * client module ({@link io.certatlas.client.csv.CertificateCsv}); this is the one place that says
 * which stored value fills each of them, the same values the v1 JSON shows (which the client
 * turns into the same line).
 */
final class ExportedCertificate {

    private ExportedCertificate() {}

    static CsvCertificate of(CertificateRow c) {
        return new CsvCertificate(c.certhash(), name(c.subject()), name(c.issuer()), c.subject().dn(), c.serialNumber(),
                Optional.of(c.validFrom()), Optional.of(c.validTo()), c.keySize(), c.publicKeyAlgorithm(),
                c.signatureAlgorithm(), c.type(), c.selfSigned(), c.issuerCategory(), c.extendedValidation(),
                c.subjectAlternativeNames(), c.sources(), c.instanceCount(), c.assetCount(), Optional.of(c.lastFound()),
                c.assets().stream().map(a -> CsvCertificate.assetLabel(a.name(), a.primaryIp())).toList());
    }

    private static Name name(DistinguishedName dn) {
        return new Name(dn.name(), dn.organization(), dn.organizationUnit(), dn.locality(), dn.state(), dn.country());
    }
}
