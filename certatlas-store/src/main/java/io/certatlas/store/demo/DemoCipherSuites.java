package io.certatlas.store.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cipher suites a demo endpoint accepts, per protocol, as the scanner records them: the demo
 * says every endpoint offers ECDHE on P-256 with AES-128 and AES-256 (GCM from TLS 1.2, CBC
 * below it), authenticated by the leaf's own key type. Without them v2's {@code cipherSuites}
 * was empty on every demo endpoint that had protocols.
 */
record DemoCipherSuites(Map<String, List<Suite>> byProtocol) {

    /** One accepted suite: its IANA name and cipher key bits. */
    record Suite(String name, int bits) {
    }

    static final String KEY_EXCHANGE = "ECDHE secp256r1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static DemoCipherSuites of(List<String> protocols, boolean ecdsaLeaf) {
        String auth = ecdsaLeaf ? "ECDSA" : "RSA";
        Map<String, List<Suite>> suites = new LinkedHashMap<>();
        for (String protocol : protocols) {
            List<Suite> offered = switch (protocol) {
                case "TLSv1.3" -> List.of(new Suite("TLS_AES_128_GCM_SHA256", 128), new Suite("TLS_AES_256_GCM_SHA384", 256));
                case "TLSv1.2" -> List.of(new Suite("TLS_ECDHE_" + auth + "_WITH_AES_128_GCM_SHA256", 128),
                        new Suite("TLS_ECDHE_" + auth + "_WITH_AES_256_GCM_SHA384", 256));
                case "TLSv1.1", "TLSv1", "SSLv3" -> List.of(new Suite("TLS_ECDHE_" + auth + "_WITH_AES_128_CBC_SHA", 128),
                        new Suite("TLS_ECDHE_" + auth + "_WITH_AES_256_CBC_SHA", 256));
                default -> List.of();
            };
            if (!offered.isEmpty()) {
                suites.put(protocol, offered);
            }
        }
        return new DemoCipherSuites(suites);
    }

    /** The host instance's {@code cipher_suites}: suite names per protocol, as JSON. */
    String namesJson() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        byProtocol.forEach((protocol, suites) -> names.put(protocol, suites.stream().map(Suite::name).toList()));
        return JSON.writeValueAsString(names);
    }

    /** gradeSummary's {@code cipherSuites}: every suite with its key exchange, strength and category (all forward secret AES: STRONG). */
    Map<String, List<Map<String, Object>>> summary() {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        byProtocol.forEach((protocol, suites) -> rows.put(protocol, suites.stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("keyExchange", KEY_EXCHANGE);
            row.put("encryptionKeyStrength", s.bits());
            row.put("category", "STRONG");
            return row;
        }).toList()));
        return rows;
    }
}
