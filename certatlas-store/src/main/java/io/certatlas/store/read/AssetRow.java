package io.certatlas.store.read;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One asset as the API shows it. {@code instances} holds the host instances where the
 * certificate in question is served (all of the asset's instances when read without one).
 */
public record AssetRow(
        long id,
        UUID uuid,
        String name,
        String netbiosName,
        String operatingSystem,
        String wasUrl,
        String primaryIp,
        Instant created,
        Instant updated,
        long certificateCount,
        List<InterfaceRow> interfaces,
        List<TagRef> tags,
        List<InstanceRow> instances) {

    /** The same asset with these instances (those serving the certificate in question). */
    public AssetRow withInstances(List<InstanceRow> newInstances) {
        return new AssetRow(id, uuid, name, netbiosName, operatingSystem, wasUrl, primaryIp, created, updated,
                certificateCount, interfaces, tags, newInstances);
    }

    public record InterfaceRow(String hostname, String address) {}

    public record TagRef(String name, UUID uuid) {}
}
