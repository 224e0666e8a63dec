package io.certatlas.scan.probe;

import io.certatlas.scan.probe.ClientRenegotiation.State;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.LegacyRenegotiation;
import io.certatlas.scan.tls.ProtocolVersion;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * Insecure client-initiated renegotiation (CVE-2009-3555): one connection that completes a
 * handshake as a client without RFC 5746 and asks for a second one ({@link LegacyRenegotiation}).
 * The server chooses among the suites the hello probes saw it accept that the exchange can
 * drive (RSA, ECDHE or DHE key exchange with AES-CBC, 3DES-CBC or AES-GCM), with the highest
 * TLS 1.0..1.2 version that has one.
 */
final class InsecureRenegotiationProbe {

    static final String NAME = "insecure renegotiation";

    private static final List<ProtocolVersion> HIGHEST_FIRST = List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0);

    private final ConnectionOpener opener;
    private final ProbeSettings settings;

    InsecureRenegotiationProbe(ConnectionOpener opener, ProbeSettings settings) {
        this.opener = opener;
        this.settings = settings;
    }

    ClientRenegotiationProbe.Outcome run(List<VersionEnumeration> supported, Deadline endpointDeadline) {
        List<VersionEnumeration> renegotiable = supported.stream()
                .filter(v -> v.version().atLeast(ProtocolVersion.SSL3) && !v.version().atLeast(ProtocolVersion.TLS1_3)).toList();
        if (renegotiable.isEmpty()) {
            return quiet(State.NOT_APPLICABLE, supported.isEmpty() ? "no protocol version answered" : "only TLS 1.3, which has no renegotiation");
        }
        for (ProtocolVersion version : HIGHEST_FIRST) {
            Optional<VersionEnumeration> found = renegotiable.stream().filter(v -> v.version() == version).findFirst();
            List<Integer> suites = found.map(v -> v.suites().stream().map(AcceptedSuite::suite).map(CipherSuite::code)
                    .filter(code -> LegacyRenegotiation.drivable(code, version)).toList()).orElse(List.of());
            if (!suites.isEmpty()) {
                return ask(version, suites, endpointDeadline);
            }
        }
        return quiet(State.NOT_TESTED, "no accepted TLS 1.0-1.2 suite that the probe's own client drives"
                + " (RSA, ECDHE or DHE key exchange with AES-CBC, 3DES-CBC or AES-GCM)");
    }

    private ClientRenegotiationProbe.Outcome ask(ProtocolVersion version, List<Integer> suites, Deadline endpointDeadline) {
        if (endpointDeadline.expired()) {
            return failed("timed out", 0);
        }
        Deadline deadline = endpointDeadline.capped(settings.probeTimeout());
        Socket socket;
        try {
            socket = opener.open(deadline);
        } catch (IOException e) {
            return failed("no connection: " + e.getMessage(), 1);
        }
        try (socket) {
            LegacyRenegotiation.Outcome outcome = LegacyRenegotiation.ask(socket, version, suites, settings.serverName(), deadline);
            ClientRenegotiation found = switch (outcome) {
                case LegacyRenegotiation.Outcome.Renegotiating r -> ClientRenegotiation.of(State.ACCEPTED,
                        "the server renegotiated over " + version.displayName() + " with a client that does not support RFC 5746");
                case LegacyRenegotiation.Outcome.Refused r -> ClientRenegotiation.of(State.REFUSED, r.how());
                case LegacyRenegotiation.Outcome.HandshakeFailed f -> ClientRenegotiation.of(State.NOT_TESTED, f.reason());
            };
            return new ClientRenegotiationProbe.Outcome(found, Optional.empty(), 1);
        } catch (SocketTimeoutException | Deadline.DeadlineExpiredException e) {
            return failed("timed out", 1);
        } catch (IOException e) {
            return failed(String.valueOf(e.getMessage()), 1);
        }
    }

    private static ClientRenegotiationProbe.Outcome quiet(State state, String detail) {
        return new ClientRenegotiationProbe.Outcome(ClientRenegotiation.of(state, detail), Optional.empty(), 0);
    }

    private static ClientRenegotiationProbe.Outcome failed(String reason, int connections) {
        return new ClientRenegotiationProbe.Outcome(ClientRenegotiation.of(State.UNKNOWN, reason),
                Optional.of(new ProbeFailure(NAME, reason)), connections);
    }
}
