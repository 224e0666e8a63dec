package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.KeyExchange;
import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.tls.ClientHello;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.ServerAnswer;
import io.certatlas.scan.tls.ServerFlightReader.ReadUntil;
import io.certatlas.scan.tls.ServerKeyExchangeParameters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every group the server accepts by elimination, like suites: offer the groups left, note
 * the one the server picks (TLS 1.3 key_share or HelloRetryRequest, RFC 8446 4.1.4; TLS 1.2
 * ServerKeyExchange named_curve, RFC 8422 5.4), remove it, until the server refuses.
 */
final class GroupProbe {

    private static final int MAX_ROUNDS = 64;

    private final HelloProbe probe;
    private final ProbeSettings settings;

    GroupProbe(HelloProbe probe, ProbeSettings settings) {
        this.probe = probe;
        this.settings = settings;
    }

    record Outcome(List<NamedGroup> groups, List<ProbeFailure> failures) {
    }

    Outcome run(List<VersionEnumeration> supported, Deadline deadline) {
        Set<NamedGroup> found = new LinkedHashSet<>();
        List<ProbeFailure> failures = new ArrayList<>();
        if (!settings.enumerateGroups()) {
            return new Outcome(List.of(), failures);
        }
        for (VersionEnumeration v : supported) {
            if (v.version() == ProtocolVersion.TLS1_3) {
                eliminate(v, ClientHello.allProbeGroups(), found, failures, deadline);
            }
        }
        // TLS 1.2 (or the newest older version) with its ECDHE suites: curves only, FFDHE is negotiated apart (RFC 7919)
        supported.stream().filter(v -> v.version() != ProtocolVersion.TLS1_3)
                .filter(v -> v.suites().stream().anyMatch(s -> s.suite().keyExchange() == KeyExchange.ECDHE))
                .reduce((older, newer) -> newer)
                .ifPresent(v -> eliminate(v, ClientHello.allProbeGroups().stream().filter(g -> g.kind() == NamedGroup.Kind.EC).toList(),
                        found, failures, deadline));
        return new Outcome(List.copyOf(found), failures);
    }

    private void eliminate(VersionEnumeration v, List<NamedGroup> candidates, Set<NamedGroup> found, List<ProbeFailure> failures,
                           Deadline deadline) {
        boolean tls13 = v.version() == ProtocolVersion.TLS1_3;
        List<Integer> suites = v.suites().stream().map(AcceptedSuite::suite)
                .filter(s -> tls13 || s.keyExchange() == KeyExchange.ECDHE).map(CipherSuite::code).toList();
        List<NamedGroup> remaining = new ArrayList<>(candidates);
        for (int round = 0; round < MAX_ROUNDS && !remaining.isEmpty(); round++) {
            // TLS 1.3: no key shares at all, so the server answers with a HelloRetryRequest naming its
            // group (RFC 8446 4.2.8) instead of building and signing a whole flight for a probe
            List<NamedGroup> shares = List.of();
            ClientHello hello = ClientHello.forProbe(v.version(), suites, settings.serverName()).withGroups(remaining).withKeyShares(shares);
            ServerAnswer answer = probe.send(hello, deadline, tls13 ? ReadUntil.SERVER_HELLO : ReadUntil.KEY_EXCHANGE);
            Optional<NamedGroup> picked = switch (answer) {
                case ServerAnswer.Hello h when tls13 -> h.hello().keyShareNamedGroup();
                case ServerAnswer.Hello h -> h.keyExchange().flatMap(kx -> kx instanceof ServerKeyExchangeParameters.NamedCurve c
                        ? c.group() : Optional.empty());
                case ServerAnswer.Alert a -> Optional.empty();
                case ServerAnswer.Closed c -> Optional.empty();
                case ServerAnswer.TimedOut t -> {
                    failures.add(new ProbeFailure(v.version().displayName() + " groups", "timed out"));
                    yield Optional.empty();
                }
                case ServerAnswer.NotTls n -> {
                    failures.add(new ProbeFailure(v.version().displayName() + " groups", "not TLS: " + n.reason()));
                    yield Optional.empty();
                }
                case ServerAnswer.NoConnection n -> {
                    failures.add(new ProbeFailure(v.version().displayName() + " groups", "no connection: " + n.reason()));
                    yield Optional.empty();
                }
            };
            if (picked.isEmpty() || !remaining.remove(picked.get())) {
                return; // refused, or a group we did not offer: stop rather than loop
            }
            found.add(picked.get());
        }
    }
}
