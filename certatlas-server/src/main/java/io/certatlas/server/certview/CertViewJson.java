package io.certatlas.server.certview;

import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InstanceRow;
import io.certatlas.x509.DistinguishedName;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exact Certificate View v1 shapes: field names in the documents' order, epoch milliseconds
 * beside ISO-8601 strings, {@code ""} and {@code []} and {@code {}} where the documents show them.
 * Written straight to the response as a stream: a page of 200 certificates with their assets is
 * some 400 KiB, and building it as a tree of maps first cost as much as writing it.
 */
public final class CertViewJson {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What an asset object carries besides its primitive fields. */
    public record AssetParts(boolean tags, boolean hostInstances) {
        public static final AssetParts ALL = new AssetParts(true, true);
    }

    /** Writes one JSON value with the generator it is given. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json);
    }

    private CertViewJson() {}

    /** Answers 200 with the JSON that {@code body} writes. */
    static void respond(HttpServletResponse response, Body body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator json = JSON.createGenerator(response.getOutputStream())) {
            body.write(json);
        }
    }

    /** JSON written to memory first, to be kept as well as sent. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            this(64 * 1024);
        }

        Buffer(int size) {
            super(size);
        }

        /** The bytes written, valid up to {@link #length()}; not a copy. */
        byte[] bytes() {
            return buf;
        }

        int length() {
            return count;
        }
    }

    static Buffer render(Body body) {
        Buffer buffer = new Buffer();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            body.write(json);
        }
        return buffer;
    }

    /** Answers 200 with JSON rendered before. */
    static void respond(HttpServletResponse response, Buffer json) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(json.length());
        response.getOutputStream().write(json.bytes(), 0, json.length());
    }

    /** Answers 200 with a page just rendered: compressed to a client that takes gzip, as it is to others. */
    static void respond(HttpServletRequest request, HttpServletResponse response, Buffer json, PageCache.Entry page)
            throws IOException {
        if (acceptsGzip(request)) {
            respond(request, response, page);
        } else {
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            respond(response, json);
        }
    }

    /** Answers 200 with a kept page: compressed to a client that takes gzip, inflated for others. */
    static void respond(HttpServletRequest request, HttpServletResponse response, PageCache.Entry page)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (acceptsGzip(request)) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            response.setContentLength(page.gzip().length);
            response.getOutputStream().write(page.gzip());
        } else {
            response.setContentLength(page.length());
            page.inflateTo(response.getOutputStream());
        }
    }

    /** Whether Accept-Encoding names gzip (or *) without refusing it by q=0. */
    static boolean acceptsGzip(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.ACCEPT_ENCODING);
        while (headers != null && headers.hasMoreElements()) {
            for (String coding : headers.nextElement().split(",")) {
                String[] parts = coding.split(";");
                String name = parts[0].strip().toLowerCase(Locale.ROOT);
                if (!name.equals("gzip") && !name.equals("x-gzip") && !name.equals("*")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                    if (parameter.startsWith("q=")) {
                        try {
                            refused = Double.parseDouble(parameter.substring(2)) <= 0;
                        } catch (NumberFormatException e) {
                            refused = true;
                        }
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    static void certificates(JsonGenerator json, List<CertificateRow> rows, boolean extended) {
        json.writeStartArray();
        for (CertificateRow row : rows) {
            certificate(json, row, extended);
        }
        json.writeEndArray();
    }

    static void assets(JsonGenerator json, List<AssetRow> rows, AssetParts parts) {
        json.writeStartArray();
        for (AssetRow row : rows) {
            asset(json, row, parts);
        }
        json.writeEndArray();
    }

    static void certificate(JsonGenerator json, CertificateRow c, boolean extended) {
        certificate(json, c, extended, more -> { });
    }

    /** The v1 certificate with more keys at its end, written by {@code more}. */
    static void certificate(JsonGenerator json, CertificateRow c, boolean extended, Body more) {
        json.writeStartObject();
        beforeRoot(json, c);
        rootIssuer(json, c.rootIssuer(), c.rootCerthash());
        afterRoot(json, c);
        json.writeNumberProperty("instanceCount", c.instanceCount());
        json.writeNumberProperty("assetCount", c.assetCount());
        sighting(json, c);
        if (extended) {
            strings(json, "keyUsage", c.keyUsage());
            strings(json, "enhancedKeyUsage", c.enhancedKeyUsage());
            json.writeStringProperty("subjectKeyIdentifier", c.subjectKeyIdentifier());
            json.writeStringProperty("authKeyIdentifier", c.authKeyIdentifier());
            String base64 = Base64.getEncoder().encodeToString(c.der());
            json.writeStringProperty("rawData", base64);
            json.writeStringProperty("base64", base64);
        }
        json.writeName("assets");
        json.writeStartArray();
        for (AssetRow asset : c.assets()) {
            asset(json, asset, AssetParts.ALL);
        }
        json.writeEndArray();
        more.write(json);
        json.writeEndObject();
    }

    /** The keys of a v1 certificate before its root issuer. */
    static void beforeRoot(JsonGenerator json, CertificateRow c) {
        json.writeNumberProperty("id", c.id());
        json.writeStringProperty("certhash", c.certhash());
        json.writeNumberProperty("keySize", c.keySize());
        json.writeStringProperty("serialNumber", c.serialNumber());
        json.writeStringProperty("signatureAlgorithm", c.signatureAlgorithm());
        json.writeStringProperty("publicKeyAlgorithm", c.publicKeyAlgorithm());
        json.writeStringProperty("dn", c.subject().dn());
        name(json, "subject", c.subject(), Optional.empty());
        name(json, "issuer", c.issuer(), c.issuerCerthash());
    }

    /** The root issuer key of a v1 certificate: the root's name, and its certhash once known. */
    static void rootIssuer(JsonGenerator json, DistinguishedName root, Optional<String> rootCerthash) {
        name(json, "rootissuer", root, rootCerthash);
    }

    /** The keys of a v1 certificate after its root issuer, up to its counts. */
    static void afterRoot(JsonGenerator json, CertificateRow c) {
        json.writeNumberProperty("validFrom", c.validFrom().toEpochMilli());
        json.writeNumberProperty("validTo", c.validTo().toEpochMilli());
        json.writeStringProperty("validFromDate", iso(c.validFrom()));
        json.writeStringProperty("validToDate", iso(c.validTo()));
        json.writeStringProperty("createdDate", iso(c.created()));
        json.writeStringProperty("updateDate", iso(c.updated()));
        json.writeBooleanProperty("selfSigned", c.selfSigned());
        json.writeStringProperty("issuerCategory", c.issuerCategory());
        json.writeBooleanProperty("extendedValidation", c.extendedValidation());
        json.writeStringProperty("type", c.type());
        json.writeName("subjectAlternativeNames");
        json.writeStartObject();
        for (Map.Entry<String, List<String>> names : c.subjectAlternativeNames().entrySet()) {
            strings(json, names.getKey(), names.getValue());
        }
        json.writeEndObject();
    }

    /** The keys of a v1 certificate after its counts: when and how it was found. */
    static void sighting(JsonGenerator json, CertificateRow c) {
        json.writeNumberProperty("lastFound", c.lastFound().toEpochMilli());
        strings(json, "sources", c.sources());
        json.writeBooleanProperty("imported", c.imported());
        json.writeStringProperty("orderStatus", c.orderStatus());
    }

    static void asset(JsonGenerator json, AssetRow a, AssetParts parts) {
        json.writeStartObject();
        json.writeStringProperty("netbiosName", a.netbiosName());
        json.writeStringProperty("assetId", a.uuid().toString());
        json.writeStringProperty("uuid", a.uuid().toString());
        json.writeNumberProperty("id", a.id());
        json.writeStringProperty("name", a.name());
        json.writeStringProperty("operatingSystem", a.operatingSystem());
        if (!a.wasUrl().isEmpty()) {
            json.writeStringProperty("wasUrl", a.wasUrl());
        }
        if (parts.tags()) {
            json.writeName("tags");
            json.writeStartArray();
            for (AssetRow.TagRef tag : a.tags()) {
                json.writeStartObject();
                json.writeStringProperty("name", tag.name());
                json.writeStringProperty("uuid", tag.uuid().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (parts.hostInstances()) {
            json.writeName("hostInstances");
            json.writeStartArray();
            for (InstanceRow instance : a.instances()) {
                instance(json, instance);
            }
            json.writeEndArray();
        }
        json.writeNumberProperty("created", a.created().toEpochMilli());
        json.writeNumberProperty("updated", a.updated().toEpochMilli());
        json.writeName("assetInterfaces");
        json.writeStartArray();
        for (AssetRow.InterfaceRow i : a.interfaces()) {
            json.writeStartObject();
            json.writeStringProperty("hostname", i.hostname());
            json.writeStringProperty("address", i.address());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberProperty("certificateCount", a.certificateCount());
        json.writeStringProperty("primaryIp", a.primaryIp());
        json.writeEndObject();
    }

    static void instance(JsonGenerator json, InstanceRow i) {
        json.writeStartObject();
        json.writeNumberProperty("id", i.id());
        json.writeStringProperty("protocol", i.protocol());
        json.writeNumberProperty("port", i.port());
        strings(json, "sslProtocols", i.sslProtocols());
        json.writeStringProperty("grade", i.grade());
        json.writeStringProperty("service", i.service());
        json.writeStringProperty("fqdn", i.fqdn());
        json.writeName("vulnerabilities");
        json.writeStartArray();
        for (InstanceRow.FindingRow f : i.findings()) {
            json.writeStartObject();
            json.writeStringProperty("title", f.title());
            json.writeNumberProperty("severity", f.severity());
            json.writeNumberProperty("qid", f.qid());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberProperty("vulnCount", i.findings().size());
        json.writeEndObject();
    }

    private static void name(JsonGenerator json, String field, DistinguishedName dn, Optional<String> certhash) {
        json.writeName(field);
        json.writeStartObject();
        json.writeStringProperty("name", dn.name());
        json.writeStringProperty("organization", dn.organization());
        strings(json, "organizationUnit", dn.organizationUnit());
        json.writeStringProperty("locality", dn.locality());
        json.writeStringProperty("state", dn.state());
        json.writeStringProperty("country", dn.country());
        certhash.ifPresent(hash -> json.writeStringProperty("certhash", hash));
        json.writeEndObject();
    }

    static void strings(JsonGenerator json, String field, List<String> values) {
        json.writeName(field);
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
