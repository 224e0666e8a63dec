package io.certatlas.client.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One host instance (a TLS endpoint) of v2's instance list, whole in {@link #json()}, with typed reads. */
public record Instance(ObjectNode json) {

    public Instance {
        Objects.requireNonNull(json, "json");
    }

    public long id() {
        return Json.number(json, "id");
    }

    public int port() {
        return (int) Json.number(json, "port");
    }

    public String protocol() {
        return Json.text(json, "protocol");
    }

    public String service() {
        return Json.text(json, "service");
    }

    public String grade() {
        return Json.text(json, "grade");
    }

    public Optional<Instant> scannedDate() {
        return Json.instant(json, "scannedDate", "");
    }

    public String assetName() {
        return Json.text(json.path("asset"), "name");
    }

    public String assetPrimaryIp() {
        return Json.text(json.path("asset"), "primaryIp");
    }

    public String certhash() {
        return Json.text(json.path("certificate"), "certhash");
    }

    public String certificateName() {
        return Json.text(json.path("certificate"), "name");
    }

    /** The grade with trust ignored, from the grade summary; empty when not given. */
    public String gradeWithTrustIgnored() {
        JsonNode summary = json.path("gradeSummary");
        return Json.text(summary, "gradeWithTrustIgnored");
    }
}
