package io.certatlas.client.csv;

import io.certatlas.client.model.Instance;
import java.util.List;

/**
 * The instance CSV of {@code certatlas query instances --format csv}, one line per TLS endpoint:
 * id, asset.name, asset.primaryIp, port, protocol, service, grade, gradeWithTrustIgnored,
 * certhash, certificate.name, scannedDate.
 */
public final class InstanceCsv {

    public static final CsvFormat<Instance> FORMAT = new CsvFormat<>(List.of(
            new CsvColumn<>("id", i -> Long.toString(i.id())),
            new CsvColumn<>("asset.name", Instance::assetName),
            new CsvColumn<>("asset.primaryIp", Instance::assetPrimaryIp),
            new CsvColumn<>("port", i -> Integer.toString(i.port())),
            new CsvColumn<>("protocol", Instance::protocol),
            new CsvColumn<>("service", Instance::service),
            new CsvColumn<>("grade", Instance::grade),
            new CsvColumn<>("gradeWithTrustIgnored", Instance::gradeWithTrustIgnored),
            new CsvColumn<>("certhash", Instance::certhash),
            new CsvColumn<>("certificate.name", Instance::certificateName),
            new CsvColumn<>("scannedDate", i -> CsvFormat.time(i.scannedDate()))));

    private InstanceCsv() {}
}
