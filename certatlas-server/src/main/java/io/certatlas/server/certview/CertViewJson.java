package io.certatlas.server.certview;

import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InstanceRow;
import io.certatlas.x509.DistinguishedName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exact Certificate View v1 shapes: field names, epoch milliseconds beside ISO-8601 strings,
 * {@code ""} and {@code []} and {@code {}} where the documents show them. Maps keep key order so
 * answers read like the documents' samples.
 */
public final class CertViewJson {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);

    /** What an asset object carries besides its primitive fields. */
    public record AssetParts(boolean tags, boolean hostInstances) {
        public static final AssetParts ALL = new AssetParts(true, true);
    }

    private CertViewJson() {}

    public static Map<String, Object> certificate(CertificateRow c, boolean extended) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("certhash", c.certhash());
        json.put("keySize", c.keySize());
        json.put("serialNumber", c.serialNumber());
        json.put("signatureAlgorithm", c.signatureAlgorithm());
        json.put("publicKeyAlgorithm", c.publicKeyAlgorithm());
        json.put("dn", c.subject().dn());
        json.put("subject", name(c.subject(), Optional.empty()));
        json.put("issuer", name(c.issuer(), c.issuerCerthash()));
        json.put("rootissuer", name(c.rootIssuer(), c.rootCerthash()));
        json.put("validFrom", c.validFrom().toEpochMilli());
        json.put("validTo", c.validTo().toEpochMilli());
        json.put("validFromDate", iso(c.validFrom()));
        json.put("validToDate", iso(c.validTo()));
        json.put("createdDate", iso(c.created()));
        json.put("updateDate", iso(c.updated()));
        json.put("selfSigned", c.selfSigned());
        json.put("issuerCategory", c.issuerCategory());
        json.put("extendedValidation", c.extendedValidation());
        json.put("type", c.type());
        json.put("subjectAlternativeNames", c.subjectAlternativeNames());
        json.put("instanceCount", c.instanceCount());
        json.put("assetCount", c.assetCount());
        json.put("lastFound", c.lastFound().toEpochMilli());
        json.put("sources", c.sources());
        json.put("imported", c.imported());
        json.put("orderStatus", c.orderStatus());
        if (extended) {
            json.put("keyUsage", c.keyUsage());
            json.put("enhancedKeyUsage", c.enhancedKeyUsage());
            json.put("subjectKeyIdentifier", c.subjectKeyIdentifier());
            json.put("authKeyIdentifier", c.authKeyIdentifier());
            String base64 = Base64.getEncoder().encodeToString(c.der());
            json.put("rawData", base64);
            json.put("base64", base64);
        }
        List<Map<String, Object>> assets = new ArrayList<>(c.assets().size());
        for (AssetRow asset : c.assets()) {
            assets.add(asset(asset, AssetParts.ALL));
        }
        json.put("assets", assets);
        return json;
    }

    public static Map<String, Object> asset(AssetRow a, AssetParts parts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("netbiosName", a.netbiosName());
        json.put("assetId", a.uuid().toString());
        json.put("uuid", a.uuid().toString());
        json.put("id", a.id());
        json.put("name", a.name());
        json.put("operatingSystem", a.operatingSystem());
        if (!a.wasUrl().isEmpty()) {
            json.put("wasUrl", a.wasUrl());
        }
        if (parts.tags()) {
            List<Map<String, Object>> tags = new ArrayList<>();
            for (AssetRow.TagRef tag : a.tags()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", tag.name());
                t.put("uuid", tag.uuid().toString());
                tags.add(t);
            }
            json.put("tags", tags);
        }
        if (parts.hostInstances()) {
            List<Map<String, Object>> instances = new ArrayList<>();
            for (InstanceRow instance : a.instances()) {
                instances.add(instance(instance));
            }
            json.put("hostInstances", instances);
        }
        json.put("created", a.created().toEpochMilli());
        json.put("updated", a.updated().toEpochMilli());
        List<Map<String, Object>> interfaces = new ArrayList<>();
        for (AssetRow.InterfaceRow i : a.interfaces()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("hostname", i.hostname());
            j.put("address", i.address());
            interfaces.add(j);
        }
        json.put("assetInterfaces", interfaces);
        json.put("certificateCount", a.certificateCount());
        json.put("primaryIp", a.primaryIp());
        return json;
    }

    public static Map<String, Object> instance(InstanceRow i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", i.id());
        json.put("protocol", i.protocol());
        json.put("port", i.port());
        json.put("sslProtocols", i.sslProtocols());
        json.put("grade", i.grade());
        json.put("service", i.service());
        json.put("fqdn", i.fqdn());
        List<Map<String, Object>> vulnerabilities = new ArrayList<>();
        for (InstanceRow.FindingRow f : i.findings()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("title", f.title());
            v.put("severity", f.severity());
            v.put("qid", f.qid());
            vulnerabilities.add(v);
        }
        json.put("vulnerabilities", vulnerabilities);
        json.put("vulnCount", vulnerabilities.size());
        return json;
    }

    private static Map<String, Object> name(DistinguishedName dn, Optional<String> certhash) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", dn.name());
        json.put("organization", dn.organization());
        json.put("organizationUnit", dn.organizationUnit());
        json.put("locality", dn.locality());
        json.put("state", dn.state());
        json.put("country", dn.country());
        certhash.ifPresent(hash -> json.put("certhash", hash));
        return json;
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
