package io.certatlas.client.csv;

import io.certatlas.client.model.Asset;
import java.util.List;

/**
 * The asset CSV of {@code certatlas query assets CERTHASH --format csv}, one line per asset:
 * uuid, name, netbiosName, operatingSystem, primaryIp, wasUrl, interfaces ("hostname (address)"),
 * tags, hostInstances ("port/protocol service grade"), updated. Lists are joined with {@code "; "}.
 */
public final class AssetCsv {

    public static final CsvFormat<Asset> FORMAT = new CsvFormat<>(List.of(
            new CsvColumn<>("uuid", Asset::uuid),
            new CsvColumn<>("name", Asset::name),
            new CsvColumn<>("netbiosName", Asset::netbiosName),
            new CsvColumn<>("operatingSystem", Asset::operatingSystem),
            new CsvColumn<>("primaryIp", Asset::primaryIp),
            new CsvColumn<>("wasUrl", Asset::wasUrl),
            new CsvColumn<>("interfaces", a -> CsvFormat.list(a.interfaces())),
            new CsvColumn<>("tags", a -> CsvFormat.list(a.tags())),
            new CsvColumn<>("hostInstances", a -> CsvFormat.list(a.hostInstances())),
            new CsvColumn<>("updated", a -> CsvFormat.time(a.updated()))));

    private AssetCsv() {}
}
