package io.certatlas.scan.grade;

import io.certatlas.scan.probe.FallbackScsvSupport;
import io.certatlas.scan.probe.RenegotiationSupport;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.KeyExchange;
import io.certatlas.scan.tls.ProtocolVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The SSL Labs rating guide (2009q) as Qualys Certificate View applies it. Every number and
 * every cap is a row of a table below; the computation only walks the tables.
 *
 * <p>Deviations, as Certificate View makes them: a name mismatch (SSL Labs "M") is not
 * penalised; an untrusted chain gives T, with {@code gradeWithTrustIgnored} kept beside it.
 * Insecure renegotiation (the server renegotiates at a client's request without RFC 5746) caps
 * at F; a server without RFC 5746 support is warned about, not capped; secure client-initiated
 * renegotiation is reported (a denial-of-service lever) but, as in the guide, not graded.
 *
 * <p>A+, A and A-: an A with warnings is A-; an A with notices only is A; an A with neither is A+.
 *
 * <p>Suite category in the summary: INSECURE (NULL, anonymous, export, RC4, under 112 bits),
 * WEAK (64-bit blocks, or no forward secrecy), STRONG otherwise.
 */
public final class RatingGuide2009q {

    public static final String RULESET = "SSL Labs rating guide 2009q (Certificate View deviations: no mismatch penalty)";

    static final int PROTOCOL_WEIGHT = 30;
    static final int KEY_EXCHANGE_WEIGHT = 30;
    static final int CIPHER_WEIGHT = 40;

    /** Rating guide 2009q, "Protocol support": points per protocol. */
    static final Map<ProtocolVersion, Integer> PROTOCOL_POINTS = Map.of(
            ProtocolVersion.SSL2, 0, ProtocolVersion.SSL3, 80, ProtocolVersion.TLS1_0, 90,
            ProtocolVersion.TLS1_1, 95, ProtocolVersion.TLS1_2, 100, ProtocolVersion.TLS1_3, 100);

    /** A band of a strength scale: below {@code under} bits (exclusive) scores {@code points}. */
    record Band(int under, int points, String label) {
    }

    /** Rating guide 2009q, "Key exchange": weakest key or DH parameter, in RSA-equivalent bits. */
    static final List<Band> KEY_EXCHANGE_BANDS = List.of(
            new Band(512, 20, "Key or DH parameter strength < 512 bits"),
            new Band(1024, 40, "Key or DH parameter strength < 1024 bits (e.g., 512)"),
            new Band(2048, 80, "Key or DH parameter strength < 2048 bits (e.g., 1024)"),
            new Band(4096, 90, "Key or DH parameter strength < 4096 bits (e.g., 2048)"),
            new Band(Integer.MAX_VALUE, 100, "Key or DH parameter strength >= 4096 bits (e.g., 4096)"));
    static final String WEAK_DEBIAN_KEY = "Weak key (Debian OpenSSL flaw)";
    static final String ANONYMOUS = "Anonymous key exchange (no authentication)";
    static final String EXPORTABLE = "Exportable key exchange";
    static final int ANONYMOUS_POINTS = 0;
    static final int EXPORT_POINTS = 40;

    /** Rating guide 2009q, "Cipher strength": by key bits. */
    static final List<Band> CIPHER_BANDS = List.of(
            new Band(1, 0, "0 bits (no encryption)"),
            new Band(128, 20, "< 128 bits (e.g., 40, 56)"),
            new Band(256, 80, "< 256 bits (e.g., 128, 168)"),
            new Band(Integer.MAX_VALUE, 100, ">= 256 bits (e.g., 256)"));

    /** One cap: when {@code applies}, the grade can be no better than {@code cap}. */
    record CapRule(String rule, Grade cap, String clause, Predicate<GradeInput> applies, Function<GradeInput, String> because) {
    }

    /** Caps, as CONTRACT.md lists them from the guide and its later amendments. The lowest that applies wins. */
    static final List<CapRule> CAPS = List.of(
            new CapRule("sslv2", Grade.F, "SSL 2.0 is insecure", in -> in.offers(ProtocolVersion.SSL2),
                    in -> "the server supports SSLv2"),
            new CapRule("export-suites", Grade.F, "export cipher suites", in -> in.allSuites().stream().anyMatch(CipherSuite::export),
                    in -> "export suites offered: " + names(in, CipherSuite::export)),
            new CapRule("weak-cipher", Grade.F, "cipher suites under 112 bits",
                    in -> in.allSuites().stream().anyMatch(s -> s.strengthBits() < 112),
                    in -> "suites under 112 bits offered: " + names(in, s -> s.strengthBits() < 112)),
            new CapRule("insecure-renegotiation", Grade.F, "insecure renegotiation (CVE-2009-3555)", GradeInput::insecureRenegotiation,
                    in -> "the server accepts insecure client-initiated renegotiation"),
            new CapRule("md5-signature", Grade.F, "MD5 or MD2 certificate signature", in -> in.certificate().md5OrMd2Signature(),
                    in -> "the certificate is signed with " + in.certificate().signatureAlgorithm()),
            new CapRule("key-exchange-under-1024", Grade.F, "key exchange under 1024 bits", in -> weakestKeyExchange(in) < 1024,
                    in -> "weakest key exchange is " + weakestKeyExchange(in) + " bits"),
            new CapRule("no-tls12", Grade.C, "no TLS 1.2 support",
                    in -> !in.protocols().isEmpty() && !in.offers(ProtocolVersion.TLS1_2) && !in.offers(ProtocolVersion.TLS1_3),
                    in -> "neither TLS 1.2 nor TLS 1.3 is supported"),
            new CapRule("rc4-modern-protocol", Grade.C, "RC4 with TLS 1.1 or later", in -> rc4With(in, ProtocolVersion.TLS1_1),
                    in -> "RC4 suites are accepted with TLS 1.1 or later"),
            new CapRule("64-bit-block", Grade.C, "64-bit block ciphers (Sweet32)", in -> in.allSuites().stream().anyMatch(CipherSuite::hasSmallBlock),
                    in -> "64-bit block suites offered: " + names(in, CipherSuite::hasSmallBlock)),
            new CapRule("poodle", Grade.C, "SSLv3 with CBC suites (POODLE)",
                    in -> in.suites().getOrDefault(ProtocolVersion.SSL3, List.of()).stream().anyMatch(CipherSuite::isCbc),
                    in -> "SSLv3 accepts CBC suites"),
            new CapRule("tls10-tls11", Grade.B, "TLS 1.0 or 1.1 supported",
                    in -> in.offers(ProtocolVersion.TLS1_0) || in.offers(ProtocolVersion.TLS1_1),
                    in -> "the server supports " + oldTls(in)),
            new CapRule("sslv3", Grade.B, "SSLv3 supported", in -> in.offers(ProtocolVersion.SSL3), in -> "the server supports SSLv3"),
            new CapRule("rc4", Grade.B, "RC4 offered", in -> in.allSuites().stream().anyMatch(CipherSuite::isRc4),
                    in -> "RC4 suites offered: " + names(in, CipherSuite::isRc4)),
            new CapRule("key-under-2048", Grade.B, "key or DH parameters under 2048 bits", in -> weakestKeyExchange(in) < 2048,
                    in -> "weakest key or DH parameters are " + weakestKeyExchange(in) + " bits"),
            new CapRule("no-aead", Grade.B, "no AEAD suites", in -> !in.allSuites().isEmpty() && in.allSuites().stream().noneMatch(CipherSuite::aead),
                    in -> "no AEAD (GCM, CCM, ChaCha20-Poly1305) suite is offered"));

    /** A warning turns an A into A-. */
    record Remark(String rule, Predicate<GradeInput> applies, String text) {
    }

    static final List<Remark> WARNINGS = List.of(
            new Remark("no-secure-renegotiation", in -> in.renegotiation() == RenegotiationSupport.NOT_SUPPORTED,
                    "The server does not support secure renegotiation (RFC 5746)"),
            new Remark("no-fallback-scsv", in -> in.fallbackScsv() == FallbackScsvSupport.NOT_SUPPORTED,
                    "The server does not support TLS_FALLBACK_SCSV (RFC 7507): downgrade attacks are possible"),
            new Remark("sha1-signature", in -> in.certificate().sha1Signature(), "The certificate is signed with SHA-1"),
            new Remark("no-forward-secrecy", in -> !in.allSuites().isEmpty() && in.allSuites().stream().noneMatch(CipherSuite::forwardSecret),
                    "No suite offers forward secrecy"));

    /** A notice keeps an A from becoming A+. */
    static final List<Remark> NOTICES = List.of(
            new Remark("partial-forward-secrecy", in -> in.allSuites().stream().anyMatch(s -> !s.forwardSecret())
                    && in.allSuites().stream().anyMatch(CipherSuite::forwardSecret), "Some suites do not offer forward secrecy"),
            new Remark("no-tls13", in -> !in.protocols().isEmpty() && !in.offers(ProtocolVersion.TLS1_3), "TLS 1.3 is not supported"));

    static final List<Remark> HIGHLIGHTS = List.of(
            new Remark("tls13", in -> in.offers(ProtocolVersion.TLS1_3), "TLS 1.3 is supported"),
            new Remark("all-forward-secret", in -> !in.allSuites().isEmpty() && in.allSuites().stream().allMatch(CipherSuite::forwardSecret),
                    "Every suite offers forward secrecy"),
            new Remark("fallback-scsv", in -> in.fallbackScsv() == FallbackScsvSupport.SUPPORTED, "TLS_FALLBACK_SCSV is supported"));

    private RatingGuide2009q() {
    }

    public static GradeReport grade(GradeInput in) {
        int protocol = protocolScore(in);
        int keyExchange = keyExchangeScore(in);
        int cipher = cipherScore(in);
        boolean anyZero = protocol == 0 || keyExchange == 0 || cipher == 0;
        int score = anyZero ? 0 : Math.round((PROTOCOL_WEIGHT * protocol + KEY_EXCHANGE_WEIGHT * keyExchange + CIPHER_WEIGHT * cipher) / 100f);

        List<GradeCap> caps = new ArrayList<>();
        for (CapRule rule : CAPS) {
            if (rule.applies().test(in)) {
                caps.add(new GradeCap(rule.rule(), rule.cap(), rule.clause(), rule.because().apply(in)));
            }
        }
        Grade fromScore = Grade.fromScore(score);
        Optional<GradeCap> deciding = caps.stream().max(Comparator.comparing(GradeCap::cap))
                .filter(c -> c.cap().compareTo(fromScore) > 0);
        Grade letter = deciding.map(GradeCap::cap).orElse(fromScore);

        List<String> warnings = texts(WARNINGS, in);
        List<String> notices = new ArrayList<>(texts(NOTICES, in));
        if (letter == Grade.A) {
            letter = !warnings.isEmpty() ? Grade.A_MINUS : notices.isEmpty() ? Grade.A_PLUS : Grade.A;
        }
        Grade trustIgnored = in.protocols().isEmpty() ? Grade.F : letter;
        Grade grade = in.certificate().trusted() ? trustIgnored : Grade.T;

        List<String> errors = new ArrayList<>();
        List<String> capWarnings = new ArrayList<>(warnings);
        for (GradeCap cap : caps) {
            (cap.cap() == Grade.F ? errors : capWarnings).add(cap.because() + " (grade capped to " + cap.cap().label() + ")");
        }
        for (String problem : in.certificate().trustProblems()) {
            notices.add("Certificate not trusted: " + problem + " (grade T; " + trustIgnored.label() + " if trust is ignored)");
        }
        List<String> infos = List.of("Graded with " + RULESET,
                "Certificate name mismatch is not penalised (Certificate View)");
        GradeSummary summary = new GradeSummary(grade.label(), trustIgnored.label(), in.certificate().trusted() ? 100 : 0,
                protocol, keyExchange, cipher, PROTOCOL_WEIGHT, KEY_EXCHANGE_WEIGHT, CIPHER_WEIGHT,
                capWarnings, errors, notices, infos, texts(HIGHLIGHTS, in),
                protocolSupportInfo(in), cipherStrengthInfo(in), keyExchangeInfo(in), cipherSuites(in));
        return new GradeReport(grade, trustIgnored, score, caps, deciding, RULESET, summary);
    }

    /** Average of the best and the worst protocol's points. */
    static int protocolScore(GradeInput in) {
        List<Integer> points = in.protocols().stream().map(PROTOCOL_POINTS::get).toList();
        if (points.isEmpty()) {
            return 0;
        }
        return (points.stream().max(Integer::compare).orElseThrow() + points.stream().min(Integer::compare).orElseThrow()) / 2;
    }

    /** Points of the weakest key exchange across the accepted suites. */
    static int keyExchangeScore(GradeInput in) {
        if (in.certificate().debianWeakKey()) {
            return 0;
        }
        int worst = 100;
        for (CipherSuite s : in.allSuites()) {
            worst = Math.min(worst, keyExchangePoints(in, s));
        }
        return in.allSuites().isEmpty() ? 0 : worst;
    }

    private static int keyExchangePoints(GradeInput in, CipherSuite s) {
        if (s.anonymous()) {
            return ANONYMOUS_POINTS;
        }
        int bits = keyExchangeBits(in, s);
        int points = band(KEY_EXCHANGE_BANDS, bits).points();
        return s.export() ? Math.min(points, EXPORT_POINTS) : points;
    }

    /** The weaker of the server key and the suite's (EC)DH parameters; an export suite's temporary key is 512 bits. */
    static int keyExchangeBits(GradeInput in, CipherSuite s) {
        int bits = in.certificate().rsaEquivalentBits();
        Integer params = in.keyExchangeBits().get(s.code());
        if (params != null) {
            bits = Math.min(bits, params);
        }
        if (s.export()) {
            bits = Math.min(bits, s.keyExchange() == KeyExchange.RSA && s.ianaName().contains("EXPORT1024") ? 1024 : 512);
        }
        return bits;
    }

    static int weakestKeyExchange(GradeInput in) {
        return in.allSuites().stream().filter(s -> !s.anonymous()).mapToInt(s -> keyExchangeBits(in, s)).min()
                .orElse(in.certificate().rsaEquivalentBits());
    }

    /** Average of the strongest and the weakest suite's points. */
    static int cipherScore(GradeInput in) {
        List<Integer> points = in.allSuites().stream().map(s -> band(CIPHER_BANDS, s.keyBits()).points()).toList();
        if (points.isEmpty()) {
            return 0;
        }
        return (points.stream().max(Integer::compare).orElseThrow() + points.stream().min(Integer::compare).orElseThrow()) / 2;
    }

    private static Band band(List<Band> bands, int bits) {
        return bands.stream().filter(b -> bits < b.under()).findFirst().orElse(bands.getLast());
    }

    static Map<String, Boolean> protocolSupportInfo(GradeInput in) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            out.put(v.displayName(), in.offers(v));
        }
        return out;
    }

    static Map<String, Boolean> cipherStrengthInfo(GradeInput in) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Band b : CIPHER_BANDS) {
            out.put(b.label(), false);
        }
        for (CipherSuite s : in.allSuites()) {
            out.put(band(CIPHER_BANDS, s.keyBits()).label(), true);
        }
        return out;
    }

    static Map<String, Boolean> keyExchangeInfo(GradeInput in) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        out.put(WEAK_DEBIAN_KEY, in.certificate().debianWeakKey());
        out.put(ANONYMOUS, in.allSuites().stream().anyMatch(CipherSuite::anonymous));
        out.put(KEY_EXCHANGE_BANDS.getFirst().label(), false);
        out.put(EXPORTABLE, in.allSuites().stream().anyMatch(CipherSuite::export));
        for (Band b : KEY_EXCHANGE_BANDS.subList(1, KEY_EXCHANGE_BANDS.size())) {
            out.put(b.label(), false);
        }
        for (CipherSuite s : in.allSuites()) {
            if (!s.anonymous()) {
                out.put(band(KEY_EXCHANGE_BANDS, keyExchangeBits(in, s)).label(), true);
            }
        }
        return out;
    }

    static Map<String, List<SuiteSummary>> cipherSuites(GradeInput in) {
        Map<String, List<SuiteSummary>> out = new LinkedHashMap<>();
        in.suites().forEach((v, suites) -> out.put(v.displayName(), suites.stream().map(s -> new SuiteSummary(s.ianaName(),
                keyExchangeLabel(in, s), s.keyBits(), category(s))).toList()));
        return out;
    }

    private static String keyExchangeLabel(GradeInput in, CipherSuite s) {
        if (s.anonymous()) {
            return s.keyExchange() + " anonymous";
        }
        Integer params = in.keyExchangeBits().get(s.code());
        if (params != null) {
            return s.keyExchange() + " " + params;
        }
        return s.keyExchange() == KeyExchange.ANY ? "TLS 1.3" : s.keyExchange() + " " + in.certificate().rsaEquivalentBits();
    }

    static String category(CipherSuite s) {
        if (s.isNullCipher() || s.anonymous() || s.export() || s.isRc4() || s.strengthBits() < 112) {
            return "INSECURE";
        }
        if (s.hasSmallBlock() || !s.forwardSecret()) {
            return "WEAK";
        }
        return "STRONG";
    }

    private static List<String> texts(List<Remark> remarks, GradeInput in) {
        return remarks.stream().filter(r -> r.applies().test(in)).map(Remark::text).toList();
    }

    private static String names(GradeInput in, Predicate<CipherSuite> which) {
        return String.join(", ", in.allSuites().stream().filter(which).map(CipherSuite::opensslName).distinct().toList());
    }

    private static boolean rc4With(GradeInput in, ProtocolVersion atLeast) {
        return in.suites().entrySet().stream().anyMatch(e -> e.getKey().atLeast(atLeast) && e.getValue().stream().anyMatch(CipherSuite::isRc4));
    }

    private static String oldTls(GradeInput in) {
        List<String> old = new ArrayList<>();
        if (in.offers(ProtocolVersion.TLS1_0)) {
            old.add("TLS 1.0");
        }
        if (in.offers(ProtocolVersion.TLS1_1)) {
            old.add("TLS 1.1");
        }
        return String.join(" and ", old);
    }
}
