package io.certatlas.server.certview;

import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InstanceRow;
import io.certatlas.x509.DistinguishedName;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;

/**
 * The v2 certificate, asset and host instance: exactly the keys spec/CONTRACT.md lists for v2
 * ("Later versions, same family"), plus what {@code includes} asks for, less what
 * {@code excludeFields} takes away. Clients build strict records from these objects and fail on
 * a key they do not know, so nothing of v1's wider object leaks in. {@code issuer} and
 * {@code rootissuer} always carry {@code certhash} (null while the issuing certificate is not in
 * the inventory), so their key set does not change from one certificate to the next.
 */
final class V2CertificateJson {

    private V2CertificateJson() {}

    static void certificates(JsonGenerator json, List<CertificateRow> rows, V2Shape shape,
                             Map<Long, Map<String, List<String>>> suites) {
        json.writeStartArray();
        for (CertificateRow row : rows) {
            certificate(json, row, shape, suites);
        }
        json.writeEndArray();
    }

    static void certificate(JsonGenerator json, CertificateRow c, V2Shape shape,
                            Map<Long, Map<String, List<String>>> suites) {
        json.writeStartObject();
        if (shape.wants("id")) {
            json.writeNumberProperty("id", c.id());
        }
        if (shape.wants("certhash")) {
            json.writeStringProperty("certhash", c.certhash());
        }
        if (shape.wants("keySize")) {
            json.writeNumberProperty("keySize", c.keySize());
        }
        if (shape.wants("serialNumber")) {
            json.writeStringProperty("serialNumber", c.serialNumber());
        }
        if (shape.wants("validToDate")) {
            json.writeStringProperty("validToDate", CertViewJson.iso(c.validTo()));
        }
        if (shape.wants("validTo")) {
            json.writeNumberProperty("validTo", c.validTo().toEpochMilli());
        }
        if (shape.wants("validFromDate")) {
            json.writeStringProperty("validFromDate", CertViewJson.iso(c.validFrom()));
        }
        if (shape.wants("validFrom")) {
            json.writeNumberProperty("validFrom", c.validFrom().toEpochMilli());
        }
        if (shape.wants("signatureAlgorithm")) {
            json.writeStringProperty("signatureAlgorithm", c.signatureAlgorithm());
        }
        if (shape.wants("extendedValidation")) {
            json.writeBooleanProperty("extendedValidation", c.extendedValidation());
        }
        if (shape.wants("createdDate")) {
            json.writeStringProperty("createdDate", CertViewJson.iso(c.created()));
        }
        if (shape.wants("dn")) {
            json.writeStringProperty("dn", c.subject().dn());
        }
        if (shape.wants("subject")) {
            name(json, shape, "subject", c.subject(), Optional.empty(), false);
        }
        if (shape.wants("updateDate")) {
            json.writeStringProperty("updateDate", CertViewJson.iso(c.updated()));
        }
        if (shape.wants("lastFound")) {
            json.writeNumberProperty("lastFound", c.lastFound().toEpochMilli());
        }
        if (shape.wants("imported")) {
            json.writeBooleanProperty("imported", c.imported());
        }
        if (shape.wants("selfSigned")) {
            json.writeBooleanProperty("selfSigned", c.selfSigned());
        }
        if (shape.wants("issuer")) {
            name(json, shape, "issuer", c.issuer(), c.issuerCerthash(), true);
        }
        if (shape.wants("issuerCategory")) {
            json.writeStringProperty("issuerCategory", c.issuerCategory());
        }
        if (shape.wants("instanceCount")) {
            json.writeNumberProperty("instanceCount", c.instanceCount());
        }
        if (shape.wants("assetCount")) {
            json.writeNumberProperty("assetCount", c.assetCount());
        }
        if (shape.wants("sources")) {
            CertViewJson.strings(json, "sources", c.sources());
        }
        if (shape.wantsAssets()) {
            json.writeName("assets");
            json.writeStartArray();
            for (AssetRow asset : c.assets()) {
                asset(json, asset, shape, suites);
            }
            json.writeEndArray();
        }
        if (shape.wants("type")) {
            json.writeStringProperty("type", c.type());
        }
        if (shape.wants("rootissuer")) {
            name(json, shape, "rootissuer", c.rootIssuer(), c.rootCerthash(), true);
        }
        if (shape.version().hasPublicKeyAlgorithm() && shape.wants("publicKeyAlgorithm")) {
            json.writeStringProperty("publicKeyAlgorithm", c.publicKeyAlgorithm());
        }
        if (shape.has(Include.EXTENSIVE_CERTIFICATE_INFO)) {
            extensive(json, c, shape);
        }
        json.writeEndObject();
    }

    private static void extensive(JsonGenerator json, CertificateRow c, V2Shape shape) {
        if (shape.wants("keyUsage")) {
            CertViewJson.strings(json, "keyUsage", c.keyUsage());
        }
        if (shape.wants("enhancedKeyUsage")) {
            CertViewJson.strings(json, "enhancedKeyUsage", c.enhancedKeyUsage());
        }
        if (shape.wants("subjectKeyIdentifier")) {
            json.writeStringProperty("subjectKeyIdentifier", c.subjectKeyIdentifier());
        }
        if (shape.wants("authKeyIdentifier")) {
            json.writeStringProperty("authKeyIdentifier", c.authKeyIdentifier());
        }
        if (shape.wants("subjectAlternativeNames")) {
            json.writeName("subjectAlternativeNames");
            json.writeStartObject();
            for (Map.Entry<String, List<String>> names : c.subjectAlternativeNames().entrySet()) {
                CertViewJson.strings(json, names.getKey(), names.getValue());
            }
            json.writeEndObject();
        }
        if (shape.wants("rawData")) {
            json.writeStringProperty("rawData", Base64.getEncoder().encodeToString(c.der()));
        }
    }

    private static void asset(JsonGenerator json, AssetRow a, V2Shape shape, Map<Long, Map<String, List<String>>> suites) {
        json.writeStartObject();
        if (shape.wants("assets.id")) {
            json.writeNumberProperty("id", a.id());
        }
        if (shape.wants("assets.uuid")) {
            json.writeStringProperty("uuid", a.uuid().toString());
        }
        if (shape.wants("assets.netbiosName")) {
            json.writeStringProperty("netbiosName", a.netbiosName());
        }
        if (shape.wants("assets.name")) {
            json.writeStringProperty("name", a.name());
        }
        if (shape.wants("assets.operatingSystem")) {
            json.writeStringProperty("operatingSystem", a.operatingSystem());
        }
        if (shape.wants("assets.hostInstances")) {
            json.writeName("hostInstances");
            json.writeStartArray();
            for (InstanceRow instance : a.instances()) {
                instance(json, instance, shape, suites.getOrDefault(instance.id(), Map.of()));
            }
            json.writeEndArray();
        }
        if (shape.wants("assets.primaryIp")) {
            json.writeStringProperty("primaryIp", a.primaryIp());
        }
        if (shape.has(Include.ASSET_INTERFACES) && shape.wants("assets.assetInterfaces")) {
            json.writeName("assetInterfaces");
            json.writeStartArray();
            for (AssetRow.InterfaceRow i : a.interfaces()) {
                json.writeStartObject();
                if (shape.wants("assets.assetInterfaces.hostname")) {
                    json.writeStringProperty("hostname", i.hostname());
                }
                if (shape.wants("assets.assetInterfaces.address")) {
                    json.writeStringProperty("address", i.address());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (shape.has(Include.ASSET_TAGS) && shape.wants("assets.tags")) {
            json.writeName("tags");
            json.writeStartArray();
            for (AssetRow.TagRef tag : a.tags()) {
                json.writeStartObject();
                if (shape.wants("assets.tags.name")) {
                    json.writeStringProperty("name", tag.name());
                }
                if (shape.wants("assets.tags.uuid")) {
                    json.writeStringProperty("uuid", tag.uuid().toString());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void instance(JsonGenerator json, InstanceRow i, V2Shape shape, Map<String, List<String>> suites) {
        String at = "assets.hostInstances.";
        json.writeStartObject();
        if (shape.wants(at + "id")) {
            json.writeNumberProperty("id", i.id());
        }
        if (shape.wants(at + "port")) {
            json.writeNumberProperty("port", i.port());
        }
        if (shape.wants(at + "fqdn")) {
            json.writeStringProperty("fqdn", i.fqdn());
        }
        if (shape.wants(at + "protocol")) {
            json.writeStringProperty("protocol", i.protocol());
        }
        if (shape.wants(at + "service")) {
            json.writeStringProperty("service", i.service());
        }
        if (shape.wants(at + "grade")) {
            json.writeStringProperty("grade", i.grade());
        }
        if (shape.has(Include.VULNERABILITIES) && shape.wants(at + "vulnerabilities")) {
            json.writeName("vulnerabilities");
            json.writeStartArray();
            for (InstanceRow.FindingRow f : i.findings()) {
                json.writeStartObject();
                if (shape.wants(at + "vulnerabilities.title")) {
                    json.writeStringProperty("title", f.title());
                }
                if (shape.wants(at + "vulnerabilities.severity")) {
                    json.writeNumberProperty("severity", f.severity());
                }
                if (shape.wants(at + "vulnerabilities.qid")) {
                    json.writeNumberProperty("qid", f.qid());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (shape.has(Include.SSL_PROTOCOLS) && shape.wants(at + "sslProtocols")) {
            CertViewJson.strings(json, "sslProtocols", i.sslProtocols());
        }
        if (shape.wantsCipherSuites()) {
            json.writeName("cipherSuites");
            json.writeStartObject();
            for (Map.Entry<String, List<String>> protocol : suites.entrySet()) {
                CertViewJson.strings(json, protocol.getKey(), protocol.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void name(JsonGenerator json, V2Shape shape, String field, DistinguishedName dn,
                             Optional<String> certhash, boolean withCerthash) {
        json.writeName(field);
        json.writeStartObject();
        String at = field + ".";
        if (shape.wants(at + "name")) {
            json.writeStringProperty("name", dn.name());
        }
        if (shape.wants(at + "organization")) {
            json.writeStringProperty("organization", dn.organization());
        }
        if (shape.wants(at + "organizationUnit")) {
            CertViewJson.strings(json, "organizationUnit", dn.organizationUnit());
        }
        if (shape.wants(at + "locality")) {
            json.writeStringProperty("locality", dn.locality());
        }
        if (shape.wants(at + "state")) {
            json.writeStringProperty("state", dn.state());
        }
        if (shape.wants(at + "country")) {
            json.writeStringProperty("country", dn.country());
        }
        if (withCerthash && shape.wants(at + "certhash")) {
            json.writeName("certhash");
            if (certhash.isPresent()) {
                json.writeString(certhash.get());
            } else {
                json.writeNull();
            }
        }
        json.writeEndObject();
    }
}
