package io.certatlas.x509.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.certatlas.x509.TrustAnchors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Scores {@link ChainJudge} on the x509-limbo path-validation vectors (see
 * /work/shared/limbo/README.md). Every SERVER case whose features we claim is judged and compared
 * with its expected result; any difference not listed in {@code known-deviations.tsv} fails the
 * test, so the list is the honest record of where the judge parts from limbo. Where a case id
 * names the reason (expired, host name mismatch), the verdict must name the same reason.
 */
class LimboTest {

    /** Optional behaviours the judge implements; cases needing others are skipped and counted. */
    private static final Set<String> CLAIMED_FEATURES = Set.of(
            "pedantic-serial-number", "pedantic-webpki-subscriber-key", "name-constraint-dn", "denial-of-service",
            "max-chain-depth");

    @Test
    void serverCasesMatchLimboExceptTheKnownDeviations() throws Exception {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/limbo/limbo.json.gz"))) {
            root = new ObjectMapper().readTree(in);
        }
        Map<String, String> known = knownDeviations();
        Map<String, String> unexpected = new TreeMap<>();
        Map<String, String> wrongReason = new TreeMap<>();
        List<String> deviations = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int run = 0;
        int passed = 0;
        for (JsonNode testcase : root.get("testcases")) {
            if (!testcase.get("validation_kind").asString().equals("SERVER")) {
                continue;
            }
            String id = testcase.get("id").asString();
            List<String> unclaimed = new ArrayList<>();
            for (JsonNode feature : testcase.get("features")) {
                if (!CLAIMED_FEATURES.contains(feature.asString())) {
                    unclaimed.add(feature.asString());
                }
            }
            if (!unclaimed.isEmpty()) {
                unclaimed.forEach(f -> skipped.merge(f, 1, Integer::sum));
                continue;
            }
            run++;
            boolean expectSuccess = testcase.get("expected_result").asString().equals("SUCCESS");
            ChainVerdict verdict = judge(testcase);
            boolean agrees = verdict.trusted() == expectSuccess;
            if (agrees && !expectSuccess) {
                reasonMismatch(id, verdict).ifPresent(reason -> wrongReason.put(id, reason));
            }
            if (agrees) {
                passed++;
                if (known.containsKey(id)) {
                    deviations.add(id + " is listed as a deviation but now agrees with limbo");
                }
            } else if (!known.containsKey(id)) {
                unexpected.put(id, "expected " + (expectSuccess ? "SUCCESS" : "FAILURE") + ", judged "
                        + (verdict.trusted() ? "trusted" : "untrusted: " + verdict.problems()));
            }
        }
        System.out.printf("x509-limbo SERVER cases: %d run, %d agree (%.2f %%), %d known deviations, skipped by feature %s%n",
                run, passed, 100.0 * passed / run, known.size(), skipped);
        deviations.forEach(System.out::println);
        unexpected.forEach((id, why) -> System.out.println("UNEXPECTED " + id + ": " + shorten(why)));
        wrongReason.forEach((id, why) -> System.out.println("WRONG REASON " + id + ": " + shorten(why)));
        assertThat(unexpected.keySet()).as("cases that differ from limbo and are not in known-deviations.tsv"
                + " (details printed above)").isEmpty();
        assertThat(wrongReason.keySet()).as("failures for another reason than the case id names").isEmpty();
    }

    private static String shorten(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private static Optional<String> reasonMismatch(String id, ChainVerdict verdict) {
        if (id.contains("expired") && !id.contains("multiple-chains") && !verdict.has(ChainProblem.Kind.EXPIRED)) {
            return Optional.of("id says expired, verdict says " + verdict.problems());
        }
        if (id.contains("not-yet-valid") && !verdict.has(ChainProblem.Kind.NOT_YET_VALID)) {
            return Optional.of("id says not yet valid, verdict says " + verdict.problems());
        }
        boolean nameCase = (id.startsWith("webpki::san::mismatch") || id.startsWith("webpki::cn::"));
        if (nameCase && !verdict.has(ChainProblem.Kind.NAME_MISMATCH)) {
            return Optional.of("id says name mismatch, verdict says " + verdict.problems());
        }
        return Optional.empty();
    }

    private static ChainVerdict judge(JsonNode testcase) throws Exception {
        List<byte[]> served = new ArrayList<>();
        served.addAll(ders(testcase.get("peer_certificate").asString()));
        for (JsonNode pem : testcase.get("untrusted_intermediates")) {
            served.addAll(ders(pem.asString()));
        }
        List<X509Certificate> anchors = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (JsonNode pem : testcase.get("trusted_certs")) {
            for (byte[] der : ders(pem.asString())) {
                try {
                    anchors.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } catch (Exception e) {
                    // An anchor the JDK cannot parse cannot anchor anything.
                }
            }
        }
        JsonNode time = testcase.get("validation_time");
        Instant at = time == null || time.isNull() ? Instant.now() : OffsetDateTime.parse(time.asString()).toInstant();
        JsonNode name = testcase.get("expected_peer_name");
        Optional<PeerName> peer = name == null || name.isNull() ? Optional.empty()
                : Optional.of(new PeerName(PeerName.Kind.valueOf(name.get("kind").asString()), name.get("value").asString()));
        JsonNode depth = testcase.get("max_chain_depth");
        ChainJudge judge = depth == null || depth.isNull() ? new ChainJudge(TrustAnchors.of(anchors))
                : new ChainJudge(TrustAnchors.of(anchors), depth.asInt());
        return judge.judgeDer(served, peer, at);
    }

    private static Collection<byte[]> ders(String pem) {
        List<byte[]> out = new ArrayList<>();
        int at = pem.indexOf("-----BEGIN CERTIFICATE-----");
        while (at >= 0) {
            int end = pem.indexOf("-----END CERTIFICATE-----", at);
            String body = pem.substring(at + "-----BEGIN CERTIFICATE-----".length(), end).replaceAll("\\s", "");
            out.add(java.util.Base64.getDecoder().decode(body));
            at = pem.indexOf("-----BEGIN CERTIFICATE-----", end);
        }
        return out;
    }

    private static Map<String, String> knownDeviations() throws Exception {
        Map<String, String> known = new LinkedHashMap<>();
        InputStream in = LimboTest.class.getResourceAsStream("/limbo/known-deviations.tsv");
        if (in == null) {
            return known;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                known.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
            }
        }
        return known;
    }
}
