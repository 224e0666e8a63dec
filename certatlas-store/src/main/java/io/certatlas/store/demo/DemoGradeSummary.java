package io.certatlas.store.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The v2 {@code gradeSummary} of a demo endpoint, as the scanner would record it for what the
 * demo says the endpoint accepts, so that v2 agrees with v1's grade (without it v2 showed grade A
 * with every score 0 and no protocol). The demo's endpoints all offer ECDHE on P-256 (about
 * 3072-bit strength: 90 points) with AES-128 and AES-256 suites (80 and 100: 90), graded by
 * SSL Labs' guide 2009q: protocol support is the mean of the best and the worst protocol's points.
 */
final class DemoGradeSummary {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Integer> PROTOCOL_POINTS = Map.of("SSLv2", 0, "SSLv3", 80, "TLSv1", 90,
            "TLSv1.1", 95, "TLSv1.2", 100, "TLSv1.3", 100);
    private static final List<String> PROTOCOLS = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> CIPHER_STRENGTHS = List.of("0 bits (no encryption)", "< 128 bits (e.g., 40, 56)",
            "< 256 bits (e.g., 128, 168)", ">= 256 bits (e.g., 256)");
    private static final List<String> KEY_EXCHANGES = List.of("Weak key (Debian OpenSSL flaw)",
            "Anonymous key exchange (no authentication)", "Key or DH parameter strength < 512 bits",
            "Exportable key exchange", "Key or DH parameter strength < 1024 bits (e.g., 512)",
            "Key or DH parameter strength < 2048 bits (e.g., 1024)",
            "Key or DH parameter strength < 4096 bits (e.g., 2048)",
            "Key or DH parameter strength >= 4096 bits (e.g., 4096)");

    private DemoGradeSummary() {
    }

    static String json(List<String> protocols, String grade, String gradeWithTrustIgnored, DemoCipherSuites suites) {
        int best = protocols.stream().mapToInt(PROTOCOL_POINTS::get).max().orElse(0);
        int worst = protocols.stream().mapToInt(PROTOCOL_POINTS::get).min().orElse(0);
        boolean trusted = !grade.equals("T");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("grade", grade);
        summary.put("gradeWithTrustIgnored", gradeWithTrustIgnored);
        summary.put("certificateScore", trusted ? 100 : 0);
        summary.put("protocolSupportScore", (best + worst) / 2);
        summary.put("keyExchangeScore", 90);
        summary.put("cipherStrengthScore", 90);
        summary.put("protocolSupportWeightage", 30);
        summary.put("keyExchangeWeightage", 30);
        summary.put("cipherStrengthWeightage", 40);
        summary.put("warnings", List.of());
        summary.put("errors", List.of());
        summary.put("notices", trusted ? List.of()
                : List.of("Certificate not trusted (grade T; " + gradeWithTrustIgnored + " if trust is ignored)"));
        summary.put("infos", List.of("Demo data: graded as the scanner grades (SSL Labs rating guide 2009q)"));
        summary.put("highlights", List.of());
        summary.put("protocolSupportInfo", flags(PROTOCOLS, protocols));
        summary.put("cipherStrengthInfo", flags(CIPHER_STRENGTHS, List.of(CIPHER_STRENGTHS.get(2), CIPHER_STRENGTHS.get(3))));
        summary.put("keyExchangeInfo", flags(KEY_EXCHANGES, List.of(KEY_EXCHANGES.get(6))));
        summary.put("cipherSuites", suites.summary());
        return JSON.writeValueAsString(summary);
    }

    private static Map<String, Boolean> flags(List<String> labels, List<String> set) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        labels.forEach(label -> flags.put(label, set.contains(label)));
        return flags;
    }
}
