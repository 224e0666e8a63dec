package io.certatlas.server.certview;

import io.certatlas.server.api.ApiException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** What a v2 answer carries beyond its fixed keys, on request ({@code includes}). */
enum Include {
    /** assets[].assetInterfaces */
    ASSET_INTERFACES,
    /** assets[].hostInstances[].vulnerabilities */
    VULNERABILITIES,
    /** assets[].hostInstances[].sslProtocols */
    SSL_PROTOCOLS,
    /** assets[].hostInstances[].cipherSuites */
    CIPHER_SUITES,
    /** assets[].tags */
    ASSET_TAGS,
    /** keyUsage, enhancedKeyUsage, subjectKeyIdentifier, authKeyIdentifier, subjectAlternativeNames, rawData */
    EXTENSIVE_CERTIFICATE_INFO;

    /** {@code includes} as an array of names or one comma-separated string, in any case; absent: none. */
    static EnumSet<Include> from(JsonNode includes) {
        List<String> names = new ArrayList<>();
        if (includes == null || includes.isMissingNode() || includes.isNull()) {
            return EnumSet.noneOf(Include.class);
        }
        if (includes.isString()) {
            for (String part : includes.asString().split(",")) {
                names.add(part);
            }
        } else if (includes.isArray()) {
            for (JsonNode item : includes) {
                if (!item.isString()) {
                    throw invalid(item.toString());
                }
                names.add(item.asString());
            }
        } else {
            throw invalid(includes.toString());
        }
        EnumSet<Include> set = EnumSet.noneOf(Include.class);
        for (String name : names) {
            String normalized = name.strip().toUpperCase(Locale.ROOT);
            if (normalized.isEmpty()) {
                continue;
            }
            try {
                set.add(valueOf(normalized));
            } catch (IllegalArgumentException e) {
                throw invalid("'" + name.strip() + "'");
            }
        }
        return set;
    }

    private static ApiException invalid(String given) {
        return ApiException.badField("includes", "'includes' lists any of ASSET_INTERFACES, VULNERABILITIES,"
                + " SSL_PROTOCOLS, CIPHER_SUITES, ASSET_TAGS, EXTENSIVE_CERTIFICATE_INFO (an array or comma-separated),"
                + " was " + given);
    }
}
