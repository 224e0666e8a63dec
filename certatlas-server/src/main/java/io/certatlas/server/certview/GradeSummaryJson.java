package io.certatlas.server.certview;

import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * v2's {@code gradeSummary} in spec/CONTRACT.md's exact shape, every key present whatever was
 * recorded: the scanner records it whole (certatlas-scan's GradeSummary), but an instance that
 * was never graded (imported, or scanned without enumeration) has none, and a strict client
 * needs the same keys on every instance. Missing parts read as not graded: empty grade, zero
 * scores, every protocol, strength and key exchange label present and false.
 */
final class GradeSummaryJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The six protocols of protocolSupportInfo, as the contract names them. */
    static final List<String> PROTOCOLS = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /** The rating guide's cipher strength bands (cipherStrengthInfo). */
    static final List<String> CIPHER_STRENGTHS = List.of("0 bits (no encryption)", "< 128 bits (e.g., 40, 56)",
            "< 256 bits (e.g., 128, 168)", ">= 256 bits (e.g., 256)");

    /** The rating guide's key exchange bands (keyExchangeInfo). */
    static final List<String> KEY_EXCHANGES = List.of("Weak key (Debian OpenSSL flaw)",
            "Anonymous key exchange (no authentication)", "Key or DH parameter strength < 512 bits",
            "Exportable key exchange", "Key or DH parameter strength < 1024 bits (e.g., 512)",
            "Key or DH parameter strength < 2048 bits (e.g., 1024)",
            "Key or DH parameter strength < 4096 bits (e.g., 2048)",
            "Key or DH parameter strength >= 4096 bits (e.g., 4096)");

    private static final List<String> SCORES = List.of("certificateScore", "protocolSupportScore", "keyExchangeScore",
            "cipherStrengthScore");
    private static final List<String> REMARKS = List.of("warnings", "errors", "notices", "infos", "highlights");

    private GradeSummaryJson() {}

    /**
     * Writes {@code gradeSummary} from the recorded JSON (empty: not graded); {@code grade} and
     * {@code gradeWithTrustIgnored} are the instance's own, for an instance graded without a summary.
     */
    static void write(JsonGenerator json, String recorded, String grade, String gradeWithTrustIgnored) {
        JsonNode in = recorded.isEmpty() ? JSON.createObjectNode() : JSON.readTree(recorded);
        json.writeName("gradeSummary");
        json.writeStartObject();
        json.writeStringProperty("grade", text(in, "grade", grade));
        json.writeStringProperty("gradeWithTrustIgnored", text(in, "gradeWithTrustIgnored", gradeWithTrustIgnored));
        for (String score : SCORES) {
            json.writeNumberProperty(score, in.path(score).asInt(0));
        }
        json.writeNumberProperty("protocolSupportWeightage", in.path("protocolSupportWeightage").asInt(30));
        json.writeNumberProperty("keyExchangeWeightage", in.path("keyExchangeWeightage").asInt(30));
        json.writeNumberProperty("cipherStrengthWeightage", in.path("cipherStrengthWeightage").asInt(40));
        for (String remarks : REMARKS) {
            json.writeName(remarks);
            json.writeStartArray();
            for (JsonNode remark : in.path(remarks)) {
                json.writeString(remark.asString());
            }
            json.writeEndArray();
        }
        flags(json, "protocolSupportInfo", PROTOCOLS, in.path("protocolSupportInfo"));
        flags(json, "cipherStrengthInfo", CIPHER_STRENGTHS, in.path("cipherStrengthInfo"));
        flags(json, "keyExchangeInfo", KEY_EXCHANGES, in.path("keyExchangeInfo"));
        json.writeName("cipherSuites");
        json.writeStartObject();
        for (var protocol : in.path("cipherSuites").properties()) {
            json.writeName(protocol.getKey());
            json.writeStartArray();
            for (JsonNode suite : protocol.getValue()) {
                json.writeStartObject();
                json.writeStringProperty("name", suite.path("name").asString(""));
                json.writeStringProperty("keyExchange", suite.path("keyExchange").asString(""));
                json.writeNumberProperty("encryptionKeyStrength", suite.path("encryptionKeyStrength").asInt(0));
                json.writeStringProperty("category", suite.path("category").asString(""));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static String text(JsonNode in, String field, String otherwise) {
        JsonNode value = in.path(field);
        return value.isString() ? value.asString() : otherwise;
    }

    private static void flags(JsonGenerator json, String field, List<String> labels, JsonNode recorded) {
        json.writeName(field);
        json.writeStartObject();
        for (String label : labels) {
            json.writeBooleanProperty(label, recorded.path(label).asBoolean(false));
        }
        json.writeEndObject();
    }
}
