package io.certatlas.client.csv;

import io.certatlas.client.model.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The certificate CSV, one line per certificate, written by {@code certatlas query --format csv}
 * and by the server's {@code GET /api/v1/export.csv} alike. The columns, in order (documented in
 * docs/client.md; a new column is only ever added at the end):
 * <pre>
 * certhash, subject.name, subject.organization, subject.organizationUnit, subject.locality,
 * subject.state, subject.country, issuer.name, issuer.organization, issuer.organizationUnit,
 * issuer.locality, issuer.state, issuer.country, dn, serialNumber, validFrom, validTo, keySize,
 * publicKeyAlgorithm, signatureAlgorithm, type, selfSigned, issuerCategory, extendedValidation,
 * san.dns, san.ip, san.other, sources, instanceCount, assetCount, lastFound, assets
 * </pre>
 * Times are UTC ISO-8601 to the second; lists are joined with {@code "; "}; {@code san.other}
 * holds names of other kinds as "Kind: value"; {@code assets} the names of every asset serving
 * the certificate (sorted), an asset without a name by its primary address.
 */
public final class CertificateCsv {

    static final String DNS = "DNS Name";
    static final String IP = "IP Address";

    public static final CsvFormat<CsvCertificate> FORMAT = new CsvFormat<>(columns());

    private CertificateCsv() {}

    private static List<CsvColumn<CsvCertificate>> columns() {
        List<CsvColumn<CsvCertificate>> columns = new ArrayList<>();
        columns.add(new CsvColumn<>("certhash", CsvCertificate::certhash));
        name(columns, "subject", CsvCertificate::subject);
        name(columns, "issuer", CsvCertificate::issuer);
        columns.add(new CsvColumn<>("dn", CsvCertificate::dn));
        columns.add(new CsvColumn<>("serialNumber", CsvCertificate::serialNumber));
        columns.add(new CsvColumn<>("validFrom", c -> CsvFormat.time(c.validFrom())));
        columns.add(new CsvColumn<>("validTo", c -> CsvFormat.time(c.validTo())));
        columns.add(new CsvColumn<>("keySize", c -> Integer.toString(c.keySize())));
        columns.add(new CsvColumn<>("publicKeyAlgorithm", CsvCertificate::publicKeyAlgorithm));
        columns.add(new CsvColumn<>("signatureAlgorithm", CsvCertificate::signatureAlgorithm));
        columns.add(new CsvColumn<>("type", CsvCertificate::type));
        columns.add(new CsvColumn<>("selfSigned", c -> Boolean.toString(c.selfSigned())));
        columns.add(new CsvColumn<>("issuerCategory", CsvCertificate::issuerCategory));
        columns.add(new CsvColumn<>("extendedValidation", c -> Boolean.toString(c.extendedValidation())));
        columns.add(new CsvColumn<>("san.dns", c -> CsvFormat.list(c.names(DNS))));
        columns.add(new CsvColumn<>("san.ip", c -> CsvFormat.list(c.names(IP))));
        columns.add(new CsvColumn<>("san.other", c -> CsvFormat.list(c.otherNames())));
        columns.add(new CsvColumn<>("sources", c -> CsvFormat.list(c.sources())));
        columns.add(new CsvColumn<>("instanceCount", c -> Long.toString(c.instanceCount())));
        columns.add(new CsvColumn<>("assetCount", c -> Long.toString(c.assetCount())));
        columns.add(new CsvColumn<>("lastFound", c -> CsvFormat.time(c.lastFound())));
        columns.add(new CsvColumn<>("assets", c -> CsvFormat.list(c.assets())));
        return columns;
    }

    private static void name(List<CsvColumn<CsvCertificate>> columns, String prefix, Function<CsvCertificate, Name> name) {
        columns.add(new CsvColumn<>(prefix + ".name", c -> name.apply(c).name()));
        columns.add(new CsvColumn<>(prefix + ".organization", c -> name.apply(c).organization()));
        columns.add(new CsvColumn<>(prefix + ".organizationUnit", c -> CsvFormat.list(name.apply(c).organizationUnit())));
        columns.add(new CsvColumn<>(prefix + ".locality", c -> name.apply(c).locality()));
        columns.add(new CsvColumn<>(prefix + ".state", c -> name.apply(c).state()));
        columns.add(new CsvColumn<>(prefix + ".country", c -> name.apply(c).country()));
    }
}
