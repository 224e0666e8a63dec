package io.certatlas.scan.grade;

import io.certatlas.scan.probe.AcceptedSuite;
import io.certatlas.scan.probe.EnumerationResult;
import io.certatlas.scan.probe.FallbackScsvSupport;
import io.certatlas.scan.probe.RenegotiationSupport;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.tls.ProtocolVersion;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the grade is computed from: a plain record, so that tests (and imported scans) can state
 * a configuration without running probes.
 *
 * @param suites                  accepted suites per supported protocol (a protocol with no entry is not supported)
 * @param sslv2                   SSLv2 was found (SSLv2 cipher kinds are not listed, so it has no entry in {@code suites})
 * @param keyExchangeBits         per accepted suite code, the (EC)DHE parameter strength in RSA-equivalent bits
 * @param certificate             the served leaf
 * @param renegotiation           RFC 5746 support
 * @param insecureRenegotiation   the server accepts client-initiated renegotiation without RFC 5746 (CVE-2009-3555)
 * @param fallbackScsv            RFC 7507 support
 * @param clientRenegotiation     the server renegotiates when a client asks on an established connection (secure or not)
 */
public record GradeInput(
        Map<ProtocolVersion, List<CipherSuite>> suites,
        boolean sslv2,
        Map<Integer, Integer> keyExchangeBits,
        ServerCertificate certificate,
        RenegotiationSupport renegotiation,
        boolean insecureRenegotiation,
        FallbackScsvSupport fallbackScsv,
        boolean clientRenegotiation) {

    /** Without an observation of client-initiated renegotiation (imported facts that do not carry one). */
    public GradeInput(Map<ProtocolVersion, List<CipherSuite>> suites, boolean sslv2, Map<Integer, Integer> keyExchangeBits,
                      ServerCertificate certificate, RenegotiationSupport renegotiation, boolean insecureRenegotiation,
                      FallbackScsvSupport fallbackScsv) {
        this(suites, sslv2, keyExchangeBits, certificate, renegotiation, insecureRenegotiation, fallbackScsv, insecureRenegotiation);
    }

    public GradeInput {
        Map<ProtocolVersion, List<CipherSuite>> copy = new TreeMap<>();
        suites.forEach((v, list) -> copy.put(v, List.copyOf(list)));
        suites = java.util.Collections.unmodifiableMap(copy);
        keyExchangeBits = Map.copyOf(keyExchangeBits);
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(renegotiation, "renegotiation");
        Objects.requireNonNull(fallbackScsv, "fallbackScsv");
    }

    /** From an enumeration and the certificate the capture saw. */
    public static GradeInput from(EnumerationResult result, ServerCertificate certificate) {
        Map<ProtocolVersion, List<CipherSuite>> suites = new TreeMap<>();
        Map<Integer, Integer> kx = new java.util.HashMap<>();
        result.suitesByProtocol().forEach((v, accepted) -> {
            suites.put(v, accepted.stream().map(AcceptedSuite::suite).toList());
            for (AcceptedSuite a : accepted) {
                a.keyExchangeBits().ifPresent(bits -> kx.merge(a.suite().code(), bits, Math::min));
            }
        });
        boolean sslv2 = result.protocols().contains(ProtocolVersion.SSL2);
        return new GradeInput(suites, sslv2, kx, certificate, result.renegotiation(), result.insecureRenegotiation(), result.fallbackScsv(),
                result.acceptsClientRenegotiation());
    }

    public Set<ProtocolVersion> protocols() {
        Set<ProtocolVersion> out = EnumSet.noneOf(ProtocolVersion.class);
        suites.forEach((v, list) -> {
            if (!list.isEmpty()) {
                out.add(v);
            }
        });
        if (sslv2) {
            out.add(ProtocolVersion.SSL2);
        }
        return out;
    }

    public List<CipherSuite> allSuites() {
        List<CipherSuite> out = new ArrayList<>();
        suites.values().forEach(out::addAll);
        return out;
    }

    public boolean offers(ProtocolVersion v) {
        return protocols().contains(v);
    }

    /** The weakest (EC)DHE parameters the server sent, if any. */
    public Optional<Integer> weakestKeyExchangeParameters() {
        return keyExchangeBits.values().stream().min(Integer::compare);
    }
}
