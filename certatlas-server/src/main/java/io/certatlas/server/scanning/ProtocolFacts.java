package io.certatlas.server.scanning;

import io.certatlas.scan.TlsProfile;
import io.certatlas.scan.grade.GradeInput;
import io.certatlas.scan.grade.ServerCertificate;
import io.certatlas.scan.probe.FallbackScsvSupport;
import io.certatlas.scan.probe.RenegotiationSupport;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a remote scanner's probes saw of an endpoint, and nothing it concluded: the versions and
 * suites accepted, the (EC)DHE strength sent per suite, renegotiation and fallback SCSV support.
 * These are the grade's inputs less the certificate, which the server judges itself; the grade,
 * its caps and the protocol findings are computed from them by the same rules a server scan uses.
 *
 * @param protocols       accepted versions, oldest first (SSLv2 has no suites of its own)
 * @param suites          per accepted version, the suites accepted with it, in the server's order
 * @param keyExchangeBits per suite code, the weakest (EC)DHE parameters sent with it, in RSA-equivalent bits
 * @param clientRenegotiation the server completed a client-initiated renegotiation (absent from a post: not observed)
 */
public record ProtocolFacts(List<ProtocolVersion> protocols, Map<ProtocolVersion, List<CipherSuite>> suites,
                            Map<Integer, Integer> keyExchangeBits, RenegotiationSupport renegotiation,
                            boolean insecureRenegotiation, FallbackScsvSupport fallbackScsv, boolean clientRenegotiation) {

    /** More suites than any catalogue holds for one version is not an observation. */
    static final int MAX_SUITES_PER_PROTOCOL = 512;

    public ProtocolFacts {
        protocols = List.copyOf(protocols);
        Map<ProtocolVersion, List<CipherSuite>> copy = new TreeMap<>();
        suites.forEach((version, list) -> copy.put(version, List.copyOf(list)));
        suites = java.util.Collections.unmodifiableMap(copy);
        keyExchangeBits = Map.copyOf(keyExchangeBits);
        Objects.requireNonNull(renegotiation, "renegotiation");
        Objects.requireNonNull(fallbackScsv, "fallbackScsv");
    }

    /** From an enumerated endpoint: exactly what {@link GradeInput#from} reads of the enumeration. */
    public static ProtocolFacts of(TlsProfile profile) {
        // The certificate half of the input is the server's to judge; a placeholder stands in and is dropped.
        GradeInput input = GradeInput.from(profile.enumeration(), ServerCertificate.trustedRsa(2048));
        return new ProtocolFacts(profile.enumeration().protocols(), input.suites(), input.keyExchangeBits(), input.renegotiation(),
                input.insecureRenegotiation(), input.fallbackScsv(), input.clientRenegotiation());
    }

    /** The grade's input with the leaf as the server judged it. */
    GradeInput gradeInput(ServerCertificate certificate) {
        return new GradeInput(suites, protocols.contains(ProtocolVersion.SSL2), keyExchangeBits, certificate, renegotiation,
                insecureRenegotiation, fallbackScsv, clientRenegotiation);
    }

    /** Accepted versions in Certificate View's spelling, oldest first. */
    List<String> protocolNames() {
        return protocols.stream().map(ProtocolVersion::displayName).toList();
    }

    /** Suite names per version, as an instance records them. */
    Map<String, List<String>> suiteNames() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        suites.forEach((version, list) -> names.put(version.displayName(), list.stream().map(CipherSuite::ianaName).toList()));
        return names;
    }

    ObjectNode toJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.putPOJO("protocols", protocolNames());
        node.putPOJO("suites", suiteNames());
        ObjectNode bits = node.putObject("keyExchangeBits");
        CipherSuiteCatalogue catalogue = CipherSuiteCatalogue.standard();
        keyExchangeBits.forEach((code, value) -> bits.put(catalogue.byCode(code).map(CipherSuite::ianaName)
                .orElse(String.format(Locale.ROOT, "0x%04X", code)), value));
        node.put("renegotiation", renegotiation.name());
        node.put("insecureRenegotiation", insecureRenegotiation);
        node.put("fallbackScsv", fallbackScsv.name());
        node.put("clientRenegotiation", clientRenegotiation);
        return node;
    }

    /** Reads and checks the {@code enumeration} object of a posted endpoint. */
    static ProtocolFacts fromJson(PostedField field) {
        CipherSuiteCatalogue catalogue = CipherSuiteCatalogue.standard();
        List<ProtocolVersion> protocols = new ArrayList<>();
        for (PostedField item : field.get("protocols").items(1, ProtocolVersion.values().length)) {
            ProtocolVersion version = version(item, item.text(16));
            if (protocols.contains(version)) {
                throw item.invalid("names " + version.displayName() + " twice");
            }
            protocols.add(version);
        }
        protocols.sort(null);
        Map<ProtocolVersion, List<CipherSuite>> suites = new TreeMap<>();
        Set<Integer> accepted = new java.util.HashSet<>();
        for (Map.Entry<String, PostedField> entry : field.get("suites").members(ProtocolVersion.values().length).entrySet()) {
            ProtocolVersion version = version(entry.getValue(), entry.getKey());
            if (!protocols.contains(version)) {
                throw entry.getValue().invalid("lists suites for " + version.displayName() + ", which 'protocols' does not name");
            }
            List<CipherSuite> list = new ArrayList<>();
            for (PostedField item : entry.getValue().items(0, MAX_SUITES_PER_PROTOCOL)) {
                CipherSuite suite = catalogue.byName(item.text(128)).orElseThrow(() -> item.invalid(
                        "is not a cipher suite CertAtlas knows: give its IANA name, e.g. TLS_AES_128_GCM_SHA256"));
                list.add(suite);
                accepted.add(suite.code());
            }
            suites.put(version, list);
        }
        Map<Integer, Integer> bits = new java.util.HashMap<>();
        for (Map.Entry<String, PostedField> entry : field.get("keyExchangeBits").members(MAX_SUITES_PER_PROTOCOL).entrySet()) {
            CipherSuite suite = catalogue.byName(entry.getKey()).filter(s -> accepted.contains(s.code()))
                    .orElseThrow(() -> entry.getValue().invalid("is not one of the accepted suites listed in 'suites'"));
            bits.put(suite.code(), (int) entry.getValue().integer(1, 65_536));
        }
        return new ProtocolFacts(protocols, suites, bits,
                choice(field.get("renegotiation"), RenegotiationSupport.class, RenegotiationSupport.UNKNOWN),
                field.get("insecureRenegotiation").bool(false),
                choice(field.get("fallbackScsv"), FallbackScsvSupport.class, FallbackScsvSupport.UNKNOWN),
                field.get("clientRenegotiation").bool(false));
    }

    private static ProtocolVersion version(PostedField field, String name) {
        return ProtocolVersion.fromName(name).orElseThrow(() -> field.invalid("names '" + name
                + "', which is not a protocol version: use SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"));
    }

    private static <E extends Enum<E>> E choice(PostedField field, Class<E> type, E defaultValue) {
        if (!field.present()) {
            return defaultValue;
        }
        String given = field.text(32);
        return Arrays.stream(type.getEnumConstants()).filter(value -> value.name().equalsIgnoreCase(given)).findFirst()
                .orElseThrow(() -> field.invalid("must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + ", was '" + given + "'"));
    }
}
