package io.certatlas.client.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One certificate as the server sent it (v1 or v2 shape), kept whole in {@link #json()} so that
 * JSON output loses nothing the server said, with typed reads of the fields scripts use most.
 * Missing fields read as empty values.
 */
public record Certificate(ObjectNode json) {

    /** Certificate View puts at most this many assets in each certificate of a list. */
    public static final int ASSET_CAP = 1000;

    public Certificate {
        Objects.requireNonNull(json, "json");
    }

    public String certhash() {
        return Json.text(json, "certhash");
    }

    public Name subject() {
        return Name.of(json.path("subject"));
    }

    public Name issuer() {
        return Name.of(json.path("issuer"));
    }

    public String dn() {
        return Json.text(json, "dn");
    }

    public String serialNumber() {
        return Json.text(json, "serialNumber");
    }

    public Optional<Instant> validFrom() {
        return Json.instant(json, "validFrom", "validFromDate");
    }

    public Optional<Instant> validTo() {
        return Json.instant(json, "validTo", "validToDate");
    }

    public Optional<Instant> lastFound() {
        return Json.instant(json, "lastFound", "");
    }

    public int keySize() {
        return (int) Json.number(json, "keySize");
    }

    public String publicKeyAlgorithm() {
        return Json.text(json, "publicKeyAlgorithm");
    }

    public String signatureAlgorithm() {
        return Json.text(json, "signatureAlgorithm");
    }

    public String type() {
        return Json.text(json, "type");
    }

    public boolean selfSigned() {
        return Json.flag(json, "selfSigned");
    }

    public String issuerCategory() {
        return Json.text(json, "issuerCategory");
    }

    public boolean extendedValidation() {
        return Json.flag(json, "extendedValidation");
    }

    public List<String> sources() {
        return Json.texts(json, "sources");
    }

    public long instanceCount() {
        return Json.number(json, "instanceCount");
    }

    /** The number of assets the server counts for this certificate (for the caller's scope); 0 when it does not say. */
    public long assetCount() {
        return Json.number(json, "assetCount");
    }

    /** Names by kind ("DNS Name", "IP Address", ...), in the server's order. */
    public Map<String, List<String>> subjectAlternativeNames() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        JsonNode sans = json.path("subjectAlternativeNames");
        if (sans.isObject()) {
            for (Map.Entry<String, JsonNode> kind : sans.properties()) {
                names.put(kind.getKey(), Json.texts(sans, kind.getKey()));
            }
        }
        return names;
    }

    public List<Asset> assets() {
        List<Asset> assets = new ArrayList<>();
        json.path("assets").forEach(node -> {
            if (node.isObject()) {
                assets.add(new Asset((ObjectNode) node));
            }
        });
        return assets;
    }

    /**
     * Whether the list cut this certificate's assets at {@link #ASSET_CAP}: it carries that many
     * and the server does not say that they are all.
     */
    public boolean assetsCapped() {
        int carried = json.path("assets").size();
        return carried >= ASSET_CAP && assetCount() != carried;
    }

    /** The same certificate carrying these assets instead (the whole list, read from the assets endpoint). */
    public Certificate withAssets(List<Asset> assets) {
        ObjectNode copy = json.deepCopy();
        ArrayNode array = copy.putArray("assets");
        assets.forEach(asset -> array.add(asset.json()));
        return new Certificate(copy);
    }
}
