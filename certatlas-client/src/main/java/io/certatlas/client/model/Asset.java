package io.certatlas.client.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** One asset as the server sent it, whole in {@link #json()}, with typed reads. */
public record Asset(ObjectNode json) {

    public Asset {
        Objects.requireNonNull(json, "json");
    }

    /** The asset's UUID: {@code uuid}, or {@code assetId} on servers that send only that. */
    public String uuid() {
        String uuid = Json.text(json, "uuid");
        return uuid.isEmpty() ? Json.text(json, "assetId") : uuid;
    }

    public String name() {
        return Json.text(json, "name");
    }

    public String netbiosName() {
        return Json.text(json, "netbiosName");
    }

    public String operatingSystem() {
        return Json.text(json, "operatingSystem");
    }

    public String wasUrl() {
        return Json.text(json, "wasUrl");
    }

    public String primaryIp() {
        return Json.text(json, "primaryIp");
    }

    public Optional<Instant> updated() {
        return Json.instant(json, "updated", "");
    }

    /** Host names and addresses of the asset's interfaces, "hostname (address)" or either alone. */
    public List<String> interfaces() {
        List<String> result = new ArrayList<>();
        json.path("assetInterfaces").forEach(node -> {
            String host = Json.text(node, "hostname");
            String address = Json.text(node, "address");
            if (!host.isEmpty() || !address.isEmpty()) {
                result.add(host.isEmpty() ? address : address.isEmpty() ? host : host + " (" + address + ")");
            }
        });
        return result;
    }

    public List<String> tags() {
        List<String> result = new ArrayList<>();
        json.path("tags").forEach(node -> result.add(Json.text(node, "name")));
        return result;
    }

    /** "port/protocol service grade" of each host instance listed with the asset. */
    public List<String> hostInstances() {
        List<String> result = new ArrayList<>();
        json.path("hostInstances").forEach(node -> result.add(Json.number(node, "port") + "/"
                + Json.text(node, "protocol") + (Json.text(node, "service").isEmpty() ? "" : " " + Json.text(node, "service"))
                + (Json.text(node, "grade").isEmpty() ? "" : " " + Json.text(node, "grade"))));
        return result;
    }
}
