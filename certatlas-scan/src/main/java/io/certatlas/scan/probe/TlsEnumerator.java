package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.ServerFlightReader;
import io.certatlas.scan.tls.ServerKeyExchangeParameters;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enumerates protocol versions SSLv3..TLS 1.3, the suites accepted for each, cipher order,
 * secure renegotiation, client-initiated renegotiation (secure and insecure), (EC)DHE parameters and TLS_FALLBACK_SCSV
 * for one endpoint. Probes run
 * one connection at a time; parallelism across endpoints is the engine's business.
 */
public final class TlsEnumerator {

    /** The versions probed, oldest first. SSLv2 has its own hello format and only its support is probed. */
    public static final List<ProtocolVersion> PROBED_VERSIONS =
            List.of(ProtocolVersion.SSL2, ProtocolVersion.SSL3, ProtocolVersion.TLS1_0, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3);

    /** The SSLv2 probe uses one connection of its own, outside the ClientHello probes' count. */
    private static final int SSLV2_PROBES = 1;

    private final CipherSuiteCatalogue catalogue;
    private final ServerFlightReader reader;

    public TlsEnumerator(CipherSuiteCatalogue catalogue, ServerFlightReader reader) {
        this.catalogue = catalogue;
        this.reader = reader;
    }

    public static TlsEnumerator standard() {
        return new TlsEnumerator(CipherSuiteCatalogue.standard(), ServerFlightReader.standard());
    }

    /**
     * Runs every probe for one endpoint.
     *
     * @param opener   opens one connection ready for a ClientHello (the engine's connector and STARTTLS)
     * @param settings SNI, per-probe timeout, chunk size, probe cap
     * @param deadline the whole enumeration stops here; unfinished probes are listed as failures
     */
    public EnumerationResult enumerate(ConnectionOpener opener, ProbeSettings settings, Deadline deadline) {
        HelloProbe probe = new HelloProbe(opener, reader, settings);
        Map<ProtocolVersion, VersionEnumeration> versions = new EnumMap<>(ProtocolVersion.class);
        List<ProbeFailure> failures = new ArrayList<>();
        for (ProtocolVersion version : PROBED_VERSIONS) {
            VersionEnumeration found = version == ProtocolVersion.SSL2
                    ? new Sslv2Probe(opener, settings).run(deadline)
                    : new VersionProbe(version, probe, catalogue, settings).run(deadline);
            versions.put(version, found);
            failures.addAll(found.failures());
        }
        List<VersionEnumeration> supported = versions.values().stream()
                .filter(v -> v.version() != ProtocolVersion.SSL2)
                .filter(v -> v.support() == VersionSupport.SUPPORTED).toList();

        FallbackScsvProbe.Outcome fallback = new FallbackScsvProbe(probe, settings).run(supported, deadline);
        fallback.failure().ifPresent(failures::add);

        Set<NamedGroup> groups = new HashSet<>();
        Set<Integer> dhBits = new HashSet<>();
        for (VersionEnumeration v : supported) {
            for (AcceptedSuite s : v.suites()) {
                s.tls13Group().ifPresent(groups::add);
                s.keyExchange().ifPresent(kx -> {
                    switch (kx) {
                        case ServerKeyExchangeParameters.NamedCurve curve -> curve.group().ifPresent(groups::add);
                        case ServerKeyExchangeParameters.FiniteField ff -> dhBits.add(ff.primeBits());
                        case ServerKeyExchangeParameters.ExplicitCurve e -> { }
                        case ServerKeyExchangeParameters.TemporaryRsa r -> { }
                    }
                });
            }
        }
        GroupProbe.Outcome supportedGroups = new GroupProbe(probe, settings).run(supported, deadline);
        failures.addAll(supportedGroups.failures());
        RenegotiationSupport rfc5746 = renegotiation(supported);
        ClientRenegotiationProbe.Outcome clientRenegotiation = new ClientRenegotiationProbe(opener, settings)
                .run(supported, rfc5746, deadline);
        clientRenegotiation.failure().ifPresent(failures::add);
        notTested(ClientRenegotiationProbe.NAME, clientRenegotiation).ifPresent(failures::add);
        ClientRenegotiationProbe.Outcome insecure = new InsecureRenegotiationProbe(opener, settings).run(supported, deadline);
        insecure.failure().ifPresent(failures::add);
        notTested(InsecureRenegotiationProbe.NAME, insecure).ifPresent(failures::add);
        return new EnumerationResult(new java.util.TreeMap<>(versions), rfc5746, clientRenegotiation.renegotiation(),
                insecure.renegotiation(), groups, supportedGroups.groups(), dhBits, fallback.support(), failures,
                probe.probesSent() + SSLV2_PROBES + clientRenegotiation.connections() + insecure.connections());
    }

    /**
     * A renegotiation probe that could not put its question is listed with the failures, with its
     * reason, so that the results, the grade summary and the scan output all say what was not tested.
     */
    private static java.util.Optional<ProbeFailure> notTested(String probe, ClientRenegotiationProbe.Outcome outcome) {
        ClientRenegotiation found = outcome.renegotiation();
        return found.state() == ClientRenegotiation.State.NOT_TESTED
                ? java.util.Optional.of(new ProbeFailure(probe, "not tested: " + found.detail()))
                : java.util.Optional.empty();
    }

    private static RenegotiationSupport renegotiation(List<VersionEnumeration> supported) {
        List<Boolean> seen = supported.stream().filter(v -> v.version() != ProtocolVersion.TLS1_3)
                .flatMap(v -> v.secureRenegotiation().stream()).toList();
        if (seen.isEmpty()) {
            boolean onlyTls13 = !supported.isEmpty() && supported.stream().allMatch(v -> v.version() == ProtocolVersion.TLS1_3);
            return onlyTls13 ? RenegotiationSupport.NOT_APPLICABLE : RenegotiationSupport.UNKNOWN;
        }
        return seen.stream().allMatch(Boolean::booleanValue) ? RenegotiationSupport.SECURE : RenegotiationSupport.NOT_SUPPORTED;
    }
}
