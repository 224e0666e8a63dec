package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which keys a v2 certificate answer carries: the fixed set of its version, what {@code includes}
 * adds, less what {@code excludeFields} takes away. Field paths are dotted from the certificate:
 * {@code serialNumber}, {@code subject.country}, {@code assets.hostInstances.fqdn}.
 */
record V2Shape(ApiVersion version, Set<Include> includes, Set<String> excluded) {

    /** Every path a v2 certificate may carry, in any version and with any includes. */
    static final List<String> PATHS = List.of(
            "id", "certhash", "keySize", "serialNumber", "validToDate", "validTo", "validFromDate", "validFrom",
            "signatureAlgorithm", "extendedValidation", "createdDate", "dn", "subject", "updateDate", "lastFound",
            "imported", "selfSigned", "issuer", "issuerCategory", "instanceCount", "assetCount", "sources", "assets",
            "type", "rootissuer", "publicKeyAlgorithm", "keyUsage", "enhancedKeyUsage", "subjectKeyIdentifier",
            "authKeyIdentifier", "subjectAlternativeNames", "rawData",
            "subject.name", "subject.organization", "subject.organizationUnit", "subject.locality", "subject.state",
            "subject.country",
            "issuer.name", "issuer.organization", "issuer.organizationUnit", "issuer.locality", "issuer.state",
            "issuer.country", "issuer.certhash",
            "rootissuer.name", "rootissuer.organization", "rootissuer.organizationUnit", "rootissuer.locality",
            "rootissuer.state", "rootissuer.country", "rootissuer.certhash",
            "assets.id", "assets.uuid", "assets.netbiosName", "assets.name", "assets.operatingSystem",
            "assets.hostInstances", "assets.primaryIp", "assets.assetInterfaces", "assets.tags",
            "assets.assetInterfaces.hostname", "assets.assetInterfaces.address", "assets.tags.name", "assets.tags.uuid",
            "assets.hostInstances.id", "assets.hostInstances.port", "assets.hostInstances.fqdn",
            "assets.hostInstances.protocol", "assets.hostInstances.service", "assets.hostInstances.grade",
            "assets.hostInstances.vulnerabilities", "assets.hostInstances.sslProtocols",
            "assets.hostInstances.cipherSuites", "assets.hostInstances.vulnerabilities.title",
            "assets.hostInstances.vulnerabilities.severity", "assets.hostInstances.vulnerabilities.qid");

    private static final Map<String, String> BY_LOWER_CASE = new HashMap<>();

    static {
        PATHS.forEach(path -> BY_LOWER_CASE.put(path.toLowerCase(Locale.ROOT), path));
    }

    V2Shape {
        includes = includes.isEmpty() ? EnumSet.noneOf(Include.class) : EnumSet.copyOf(includes);
        excluded = Set.copyOf(excluded);
    }

    boolean has(Include include) {
        return includes.contains(include);
    }

    /** Whether the answer writes the key at {@code path} (its parents are written, or it would not be asked). */
    boolean wants(String path) {
        return !excluded.contains(path);
    }

    /** Whether any certificate carries its assets: when not, they are not read at all. */
    boolean wantsAssets() {
        return wants("assets");
    }

    boolean wantsDer() {
        return has(Include.EXTENSIVE_CERTIFICATE_INFO) && wants("rawData");
    }

    boolean wantsCipherSuites() {
        return has(Include.CIPHER_SUITES) && wantsAssets() && wants("assets.hostInstances")
                && wants("assets.hostInstances.cipherSuites");
    }

    /**
     * {@code excludeFields} as a comma-separated string or an array of dotted names; a leading
     * {@code certificate.} is dropped, {@code asset.} means {@code assets.} and {@code hostInstances.}
     * means {@code assets.hostInstances.}. A name no v2 certificate has is refused: dropping it
     * silently would hide a typo that leaves the key in.
     */
    static Set<String> excludeFields(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Set.of();
        }
        if (node.isString()) {
            for (String part : node.asString().split(",")) {
                names.add(part);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isString()) {
                    throw ApiException.badField("excludeFields", "'excludeFields' must be dotted field names, comma-separated"
                            + " or as an array of strings, was " + node);
                }
                names.add(item.asString());
            }
        } else {
            throw ApiException.badField("excludeFields", "'excludeFields' must be dotted field names, comma-separated"
                    + " (\"assets.hostInstances,subject.country\") or as an array of strings");
        }
        Set<String> excluded = new HashSet<>();
        for (String written : names) {
            String name = written.strip();
            if (name.isEmpty()) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("certificate.")) {
                lower = lower.substring("certificate.".length());
            }
            if (lower.startsWith("asset.")) {
                lower = "assets." + lower.substring("asset.".length());
            } else if (lower.startsWith("hostinstances.") || lower.startsWith("hostinstance.")) {
                lower = "assets.hostinstances." + lower.substring(lower.indexOf('.') + 1);
            }
            String path = BY_LOWER_CASE.get(lower);
            if (path == null) {
                throw ApiException.badField("excludeFields", "'excludeFields' names '" + name + "', which no v2 certificate"
                        + " has; name fields by their dotted path, e.g. serialNumber, subject.country, assets.hostInstances");
            }
            excluded.add(path);
        }
        return excluded;
    }
}
