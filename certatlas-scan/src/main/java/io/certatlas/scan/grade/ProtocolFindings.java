package io.certatlas.scan.grade;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.finding.FindingCatalogue;
import io.certatlas.scan.probe.RenegotiationSupport;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.tls.ProtocolVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The protocol and cipher suite findings (Qualys QIDs) an enumeration supports: one rule per
 * row, each naming its catalogue key, when it applies, and the suites or versions that make it hold.
 */
public final class ProtocolFindings {

    /** One rule: the catalogue key, whether it holds, and the detail that says why. */
    record Rule(String key, Predicate<GradeInput> holds, java.util.function.Function<GradeInput, String> detail) {
    }

    /** The rating guide's band below which key exchange parameters lose points and cap the grade at B. */
    static final int WEAK_KEY_EXCHANGE_BITS = 2048;

    static final List<Rule> RULES = List.of(
            // QID 38606
            new Rule("protocol.sslv3", in -> in.offers(ProtocolVersion.SSL3), in -> "SSLv3 accepted with " + suites(in, ProtocolVersion.SSL3, s -> true)),
            // QID 38603: POODLE needs SSLv3 with a CBC suite (CVE-2014-3566)
            new Rule("protocol.sslv3-poodle", in -> has(in, ProtocolVersion.SSL3, CipherSuite::isCbc),
                    in -> "SSLv3 CBC suites: " + suites(in, ProtocolVersion.SSL3, CipherSuite::isCbc)),
            // QID 38628
            new Rule("protocol.tlsv1.0", in -> in.offers(ProtocolVersion.TLS1_0), in -> "TLSv1.0 accepted with " + suites(in, ProtocolVersion.TLS1_0, s -> true)),
            // QID 38794
            new Rule("protocol.tlsv1.1", in -> in.offers(ProtocolVersion.TLS1_1), in -> "TLSv1.1 accepted with " + suites(in, ProtocolVersion.TLS1_1, s -> true)),
            // QID 38601
            new Rule("suite.rc4", in -> any(in, CipherSuite::isRc4), in -> "RC4 suites: " + perProtocol(in, CipherSuite::isRc4)),
            // QID 38657: 64-bit block ciphers (CVE-2016-2183)
            new Rule("suite.sweet32", in -> any(in, CipherSuite::hasSmallBlock), in -> "64-bit block suites: " + perProtocol(in, CipherSuite::hasSmallBlock)),
            // QID 38140: export, DES, 40/56-bit and NULL encryption
            new Rule("suite.weak-encryption", in -> any(in, ProtocolFindings::weakEncryption),
                    in -> "weak suites: " + perProtocol(in, ProtocolFindings::weakEncryption)),
            // QID 38142
            new Rule("suite.anonymous", in -> any(in, CipherSuite::anonymous), in -> "anonymous suites: " + perProtocol(in, CipherSuite::anonymous)),
            // QID 38863: (EC)DHE parameters under 2048 bits (RSA-equivalent), as the rating guide's key exchange
            // bands count them: under 1024 caps F, under 2048 caps B (Logjam's weak groups are the common case)
            new Rule("suite.weak-key-exchange", in -> !weakKeyExchange(in).isEmpty(),
                    in -> "key exchange parameters under " + WEAK_KEY_EXCHANGE_BITS + " bits: " + String.join("; ", weakKeyExchange(in))),
            // QID 42366: BEAST needs a CBC suite on SSLv3 or TLS 1.0 (CVE-2011-3389)
            new Rule("suite.beast", in -> has(in, ProtocolVersion.SSL3, CipherSuite::isCbc) || has(in, ProtocolVersion.TLS1_0, CipherSuite::isCbc),
                    in -> "CBC suites on SSLv3/TLSv1.0: " + perProtocol(in, s -> s.isCbc(), ProtocolVersion.SSL3, ProtocolVersion.TLS1_0)),
            // QID 42350: information, reported with the state found
            new Rule("renegotiation.secure-support", in -> !in.protocols().isEmpty() && in.renegotiation() != RenegotiationSupport.UNKNOWN,
                    in -> switch (in.renegotiation()) {
                        case SECURE -> "secure renegotiation (RFC 5746) is supported";
                        case NOT_SUPPORTED -> "secure renegotiation (RFC 5746) is NOT supported";
                        case NOT_APPLICABLE -> "TLS 1.3 only: renegotiation does not exist";
                        case UNKNOWN -> "unknown";
                    }),
            // 9000006 (no Qualys QID known): the rating guide's F for insecure renegotiation
            new Rule("renegotiation.insecure", GradeInput::insecureRenegotiation,
                    in -> "the server renegotiates at the client's request without secure renegotiation (RFC 5746)"),
            // 9000007: a client can make the server redo its handshake work at will (SSL Labs reports it, does not grade it)
            new Rule("renegotiation.client-initiated", in -> in.clientRenegotiation() && !in.insecureRenegotiation(),
                    in -> "the server accepts client-initiated renegotiation"
                            + (in.renegotiation() == RenegotiationSupport.SECURE ? " (secure, RFC 5746)" : "")),
            // QID 38116: information about what the server speaks
            new Rule("server.information", in -> !in.protocols().isEmpty(), in -> "protocols: " + in.protocols().stream()
                    .map(ProtocolVersion::displayName).collect(Collectors.joining(", ")) + "; " + perProtocol(in, s -> true)));

    private final FindingCatalogue catalogue;

    public ProtocolFindings(FindingCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static ProtocolFindings standard() {
        return new ProtocolFindings(FindingCatalogue.standard());
    }

    /** Every protocol/suite finding that holds, in catalogue rule order. */
    public List<Finding> findings(GradeInput in) {
        List<Finding> out = new ArrayList<>();
        for (Rule rule : RULES) {
            if (rule.holds().test(in)) {
                out.add(catalogue.definition(rule.key()).holds(rule.detail().apply(in)));
            }
        }
        return out;
    }

    static boolean weakEncryption(CipherSuite s) {
        return s.export() || s.isNullCipher() || s.keyBits() < 128;
    }

    /** "DH 1024 bits: TLSv1.2 [DHE-RSA-AES128-GCM-SHA256]", one entry per weak parameter size, weakest first. */
    static List<String> weakKeyExchange(GradeInput in) {
        java.util.SortedMap<String, java.util.Set<String>> bySize = new java.util.TreeMap<>();
        java.util.Map<String, Integer> bits = new java.util.HashMap<>();
        in.suites().forEach((version, suites) -> {
            for (CipherSuite suite : suites) {
                Integer strength = in.keyExchangeBits().get(suite.code());
                if (strength == null || strength >= WEAK_KEY_EXCHANGE_BITS || suite.anonymous()) {
                    continue;
                }
                String kind = switch (suite.keyExchange()) {
                    case DHE, DH -> "DH";
                    case ECDHE, ECDH -> "ECDH (RSA-equivalent)";
                    default -> suite.keyExchange().name();
                };
                String label = kind + " " + strength + " bits";
                bits.put(label, strength);
                bySize.computeIfAbsent(label, k -> new java.util.LinkedHashSet<>()).add(version.displayName() + " [" + suite.opensslName() + "]");
            }
        });
        return bySize.entrySet().stream().sorted(java.util.Comparator.comparing(e -> bits.get(e.getKey())))
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).toList();
    }

    private static boolean any(GradeInput in, Predicate<CipherSuite> which) {
        return in.allSuites().stream().anyMatch(which);
    }

    private static boolean has(GradeInput in, ProtocolVersion v, Predicate<CipherSuite> which) {
        return in.suites().getOrDefault(v, List.of()).stream().anyMatch(which);
    }

    private static String suites(GradeInput in, ProtocolVersion v, Predicate<CipherSuite> which) {
        return in.suites().getOrDefault(v, List.of()).stream().filter(which).map(CipherSuite::opensslName).collect(Collectors.joining(", "));
    }

    private static String perProtocol(GradeInput in, Predicate<CipherSuite> which, ProtocolVersion... only) {
        List<ProtocolVersion> versions = only.length == 0 ? List.copyOf(in.suites().keySet()) : List.of(only);
        return versions.stream().filter(v -> has(in, v, which))
                .map(v -> v.displayName() + " [" + suites(in, v, which) + "]").collect(Collectors.joining("; "));
    }
}
