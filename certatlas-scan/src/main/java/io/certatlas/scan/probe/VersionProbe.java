package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.suite.KeyExchange;
import io.certatlas.scan.tls.AlertDescription;
import io.certatlas.scan.tls.ClientHello;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.ServerAnswer;
import io.certatlas.scan.tls.ServerFlightReader.ReadUntil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the suites a server accepts for one protocol version with few probes: offer a chunk of
 * suites, note the one the server picks, remove it, offer the rest again, until the server
 * refuses; then ask whose order wins. A job for one version: the engine may run the versions of
 * one endpoint one after another or side by side.
 */
final class VersionProbe {

    private final ProtocolVersion version;
    private final HelloProbe probe;
    private final CipherSuiteCatalogue catalogue;
    private final ProbeSettings settings;
    private final List<ProbeFailure> failures = new ArrayList<>();
    private final Map<Integer, AcceptedSuite> accepted = new LinkedHashMap<>();
    private final List<Boolean> renegotiationSeen = new ArrayList<>();

    VersionProbe(ProtocolVersion version, HelloProbe probe, CipherSuiteCatalogue catalogue, ProbeSettings settings) {
        this.version = version;
        this.probe = probe;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    /** What one elimination round ended with. */
    private enum RoundEnd { EXHAUSTED, VERSION_REFUSED, FAILED }

    VersionEnumeration run(Deadline deadline) {
        List<CipherSuite> candidates = new ArrayList<>(catalogue.usableWith(version));
        // Common suites first: the first chunk decides most servers in one probe.
        candidates.sort(Comparator.comparingInt(VersionProbe::commonness));
        boolean versionRefused = false;
        boolean anyRoundFailed = false;
        List<List<CipherSuite>> chunks = chunk(candidates, settings.chunkSize());
        int chunksAccepting = 0;
        for (List<CipherSuite> chunk : chunks) {
            int before = accepted.size();
            RoundEnd end = eliminate(chunk, deadline);
            if (accepted.size() > before) {
                chunksAccepting++;
            }
            if (end == RoundEnd.VERSION_REFUSED && accepted.isEmpty()) {
                versionRefused = true;
                break;
            }
            if (end == RoundEnd.FAILED) {
                anyRoundFailed = true;
                break;
            }
        }
        if (accepted.isEmpty()) {
            VersionSupport support = versionRefused || !anyRoundFailed ? VersionSupport.NOT_SUPPORTED : VersionSupport.UNKNOWN;
            return new VersionEnumeration(version, support, List.of(), CipherPreference.NOT_APPLICABLE, Optional.empty(), failures);
        }
        CipherPreference preference = preference(deadline);
        List<AcceptedSuite> ordered = new ArrayList<>(accepted.values());
        if (preference == CipherPreference.SERVER && chunksAccepting > 1) {
            // suites came from several chunks: the elimination order mixes the server's order with ours
            ordered = serverOrder(deadline).orElse(ordered);
        }
        Optional<Boolean> renegotiation = renegotiationSeen.isEmpty() ? Optional.empty()
                : Optional.of(renegotiationSeen.stream().allMatch(Boolean::booleanValue));
        return new VersionEnumeration(version, VersionSupport.SUPPORTED, ordered, preference, renegotiation, failures);
    }

    private RoundEnd eliminate(List<CipherSuite> chunk, Deadline deadline) {
        List<CipherSuite> remaining = new ArrayList<>(chunk);
        while (!remaining.isEmpty()) {
            ServerAnswer answer = offer(remaining, deadline);
            switch (answer) {
                case ServerAnswer.Hello hello -> {
                    Optional<CipherSuite> chosen = chosenFrom(hello, remaining);
                    if (chosen.isEmpty()) {
                        return hello.hello().version().compareTo(version) < 0 ? RoundEnd.VERSION_REFUSED : RoundEnd.FAILED;
                    }
                    record(chosen.get(), hello);
                    remaining.remove(chosen.get());
                }
                case ServerAnswer.Alert alert -> {
                    return alert.description() == AlertDescription.PROTOCOL_VERSION ? RoundEnd.VERSION_REFUSED : RoundEnd.EXHAUSTED;
                }
                // many servers hang up instead of sending an alert when nothing matches
                case ServerAnswer.Closed closed -> {
                    return RoundEnd.EXHAUSTED;
                }
                case ServerAnswer.TimedOut t -> {
                    failures.add(new ProbeFailure(probeName(), "timed out after " + t.bytesReceived() + " bytes"));
                    return RoundEnd.FAILED;
                }
                case ServerAnswer.NotTls n -> {
                    failures.add(new ProbeFailure(probeName(), "not TLS: " + n.reason()));
                    return RoundEnd.FAILED;
                }
                case ServerAnswer.NoConnection n -> {
                    failures.add(new ProbeFailure(probeName(), "no connection: " + n.reason()));
                    return RoundEnd.FAILED;
                }
            }
        }
        return RoundEnd.EXHAUSTED;
    }

    /** The suite the server picked, if it is one we offered in the version we asked for. */
    private Optional<CipherSuite> chosenFrom(ServerAnswer.Hello hello, List<CipherSuite> offered) {
        if (hello.hello().version() != version) {
            return Optional.empty();
        }
        int code = hello.hello().cipherSuite();
        Optional<CipherSuite> chosen = offered.stream().filter(s -> s.code() == code).findFirst();
        if (chosen.isEmpty()) {
            failures.add(new ProbeFailure(probeName(), String.format("server chose suite 0x%04X, which was not offered", code)));
        }
        return chosen;
    }

    private void record(CipherSuite suite, ServerAnswer.Hello hello) {
        accepted.put(suite.code(), new AcceptedSuite(suite, hello.keyExchange(), hello.hello().keyShareNamedGroup()));
        if (version != ProtocolVersion.TLS1_3) {
            renegotiationSeen.add(hello.hello().secureRenegotiation());
        }
    }

    /**
     * Offers the accepted suites in two opposite orders (RFC 5246 7.4.1.2 leaves the choice to
     * the server): the same pick both times means the server's order wins.
     */
    private CipherPreference preference(Deadline deadline) {
        if (accepted.size() < 2) {
            return CipherPreference.NOT_APPLICABLE;
        }
        List<CipherSuite> forward = accepted.values().stream().map(AcceptedSuite::suite).toList();
        List<CipherSuite> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        Optional<Integer> first = pick(forward, deadline);
        Optional<Integer> second = pick(backward, deadline);
        if (first.isEmpty() || second.isEmpty()) {
            return CipherPreference.UNKNOWN;
        }
        return first.equals(second) ? CipherPreference.SERVER : CipherPreference.CLIENT;
    }

    private Optional<List<AcceptedSuite>> serverOrder(Deadline deadline) {
        List<CipherSuite> remaining = new ArrayList<>(accepted.values().stream().map(AcceptedSuite::suite).toList());
        List<AcceptedSuite> order = new ArrayList<>();
        while (remaining.size() > 1) {
            Optional<Integer> picked = pick(remaining, deadline);
            if (picked.isEmpty()) {
                return Optional.empty();
            }
            CipherSuite suite = remaining.stream().filter(s -> s.code() == picked.get()).findFirst().orElseThrow();
            order.add(accepted.get(suite.code()));
            remaining.remove(suite);
        }
        order.add(accepted.get(remaining.getFirst().code()));
        return Optional.of(order);
    }

    private Optional<Integer> pick(List<CipherSuite> offered, Deadline deadline) {
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        if (offer(offered, deadline) instanceof ServerAnswer.Hello hello && hello.hello().version() == version
                && offered.stream().anyMatch(s -> s.code() == hello.hello().cipherSuite())) {
            return Optional.of(hello.hello().cipherSuite());
        }
        return Optional.empty();
    }

    private ServerAnswer offer(List<CipherSuite> suites, Deadline deadline) {
        List<Integer> codes = suites.stream().map(CipherSuite::code).toList();
        ClientHello hello = ClientHello.forProbe(version, codes, settings.serverName());
        boolean wantsKeyExchange = version != ProtocolVersion.TLS1_3 && suites.stream()
                .anyMatch(s -> s.keyExchange() == KeyExchange.DHE || s.keyExchange() == KeyExchange.ECDHE || s.export());
        return probe.send(hello, deadline, wantsKeyExchange ? ReadUntil.KEY_EXCHANGE : ReadUntil.SERVER_HELLO);
    }

    private String probeName() {
        return version.displayName() + " suites";
    }

    private static List<List<CipherSuite>> chunk(List<CipherSuite> suites, int size) {
        List<List<CipherSuite>> out = new ArrayList<>();
        for (int i = 0; i < suites.size(); i += size) {
            out.add(List.copyOf(suites.subList(i, Math.min(suites.size(), i + size))));
        }
        return out;
    }

    /** Lower is offered earlier: suites real servers use, then the rest. */
    private static int commonness(CipherSuite s) {
        if (s.isTls13()) {
            return 0;
        }
        boolean mainstreamKx = switch (s.keyExchange()) {
            case RSA, DHE, ECDHE -> s.authentication() != io.certatlas.scan.suite.Authentication.PSK;
            default -> false;
        };
        if (mainstreamKx && !s.anonymous() && !s.export() && !s.isNullCipher()) {
            return s.cipher().startsWith("AES") || s.cipher().startsWith("CHACHA") || s.cipher().equals("3DES_EDE_CBC") || s.isRc4()
                    ? 1 : 2;
        }
        return 3;
    }
}
