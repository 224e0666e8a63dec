package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.tls.AlertDescription;
import io.certatlas.scan.tls.ClientHello;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.ServerAnswer;
import io.certatlas.scan.tls.ServerFlightReader.ReadUntil;

import java.util.List;
import java.util.Optional;

/**
 * RFC 7507 3: a client that retries with a lower version adds TLS_FALLBACK_SCSV; a server whose
 * highest version is above the offered one must answer inappropriate_fallback. One probe.
 */
final class FallbackScsvProbe {

    private final HelloProbe probe;
    private final ProbeSettings settings;

    FallbackScsvProbe(HelloProbe probe, ProbeSettings settings) {
        this.probe = probe;
        this.settings = settings;
    }

    record Outcome(FallbackScsvSupport support, Optional<ProbeFailure> failure) {
    }

    Outcome run(List<VersionEnumeration> supported, Deadline deadline) {
        if (supported.size() < 2) {
            return new Outcome(FallbackScsvSupport.NOT_APPLICABLE, Optional.empty());
        }
        // the second-highest version, with a suite it accepted
        VersionEnumeration lower = supported.get(supported.size() - 2);
        List<Integer> suites = lower.suites().stream().map(AcceptedSuite::suite).map(CipherSuite::code).toList();
        ClientHello hello = ClientHello.forProbe(lower.version(), suites, settings.serverName()).withFallbackScsv(true);
        ServerAnswer answer = probe.send(hello, deadline, ReadUntil.SERVER_HELLO);
        return switch (answer) {
            case ServerAnswer.Alert a when a.description() == AlertDescription.INAPPROPRIATE_FALLBACK ->
                    new Outcome(FallbackScsvSupport.SUPPORTED, Optional.empty());
            case ServerAnswer.Hello h -> new Outcome(FallbackScsvSupport.NOT_SUPPORTED, Optional.empty());
            case ServerAnswer.Alert a -> new Outcome(FallbackScsvSupport.UNKNOWN,
                    Optional.of(new ProbeFailure("fallback SCSV", "unexpected alert " + a.descriptionName())));
            case ServerAnswer.Closed c -> new Outcome(FallbackScsvSupport.UNKNOWN, Optional.of(new ProbeFailure("fallback SCSV", "closed: " + c.detail())));
            case ServerAnswer.TimedOut t -> new Outcome(FallbackScsvSupport.UNKNOWN, Optional.of(new ProbeFailure("fallback SCSV", "timed out")));
            case ServerAnswer.NotTls n -> new Outcome(FallbackScsvSupport.UNKNOWN, Optional.of(new ProbeFailure("fallback SCSV", "not TLS: " + n.reason())));
            case ServerAnswer.NoConnection n -> new Outcome(FallbackScsvSupport.UNKNOWN,
                    Optional.of(new ProbeFailure("fallback SCSV", "no connection: " + n.reason())));
        };
    }

}
