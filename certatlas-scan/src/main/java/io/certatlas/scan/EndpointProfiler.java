package io.certatlas.scan;

import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.grade.GradeInput;
import io.certatlas.scan.grade.GradeReport;
import io.certatlas.scan.grade.ProtocolFindings;
import io.certatlas.scan.grade.RatingGuide2009q;
import io.certatlas.scan.grade.ServerCertificate;
import io.certatlas.scan.probe.AcceptedSuite;
import io.certatlas.scan.probe.ConnectionOpener;
import io.certatlas.scan.probe.EnumerationResult;
import io.certatlas.scan.probe.ProbeFailure;
import io.certatlas.scan.probe.ProbeSettings;
import io.certatlas.scan.probe.TlsEnumerator;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The second half of an endpoint's scan, once its chain is captured: enumerate the versions and
 * suites it accepts, grade it with the captured leaf and the chain's trust problems, and give the
 * protocol and suite findings. Probes open one connection at a time, so a job that holds one
 * per-host permit never has more than one connection open to the host.
 */
final class EndpointProfiler {

    /** How many probe failures a "failed" reason quotes; the profile keeps them all. */
    private static final int QUOTED_FAILURES = 3;

    private final ScanOptions options;
    private final TlsEnumerator enumerator;
    private final ProtocolFindings protocolFindings;
    private final Duration watchdogGrace;

    /** An enumeration's outcome and the protocol findings it supports (empty unless enumerated). */
    record Profiled(EnumerationOutcome outcome, List<Finding> findings) {
        Profiled {
            Objects.requireNonNull(outcome, "outcome");
            findings = List.copyOf(findings);
        }
    }

    EndpointProfiler(ScanOptions options, Duration watchdogGrace) {
        this.options = Objects.requireNonNull(options, "options");
        this.enumerator = TlsEnumerator.standard();
        this.protocolFindings = ProtocolFindings.standard();
        this.watchdogGrace = watchdogGrace;
    }

    Profiled profile(Endpoint endpoint, TlsWrapper wrapper, EndpointOutcome.Tls tls, ScheduledExecutorService watchdog) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(options.enumerationBudget());
        // The watchdog closes the probe socket still open a moment after the budget, should a
        // write block or a dialogue ignore the deadline; probes are sequential, so one is enough.
        AtomicReference<Socket> current = new AtomicReference<>();
        ConnectionOpener direct = ConnectionOpener.direct(new InetSocketAddress(endpoint.address(), endpoint.port()),
                options.connectTimeout());
        ConnectionOpener watched = probeDeadline -> {
            Socket socket = direct.open(probeDeadline);
            current.set(socket);
            return socket;
        };
        ConnectionOpener opener = watched.thenPrepare(wrapper, endpoint.serverName().orElse(endpoint.addressLiteral()));
        long closeAt = deadline.remaining().plus(watchdogGrace).toMillis();
        ScheduledFuture<?> guard = watchdog.schedule(() -> closeQuietly(current.get()), closeAt, TimeUnit.MILLISECONDS);
        try {
            EnumerationResult result = enumerator.enumerate(opener, settings(endpoint), deadline);
            return graded(result, tls, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // A bug or a peer the probes did not foresee costs the enumeration, never the captured chain.
            System.getLogger(Scanner.class.getName()).log(System.Logger.Level.WARNING,
                    "the enumeration of " + endpoint + " failed: " + e, e);
            return new Profiled(new EnumerationOutcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage()), List.of());
        } finally {
            guard.cancel(false);
        }
    }

    /**
     * Probes as the enumerator's defaults have them, except: no single probe outlives the
     * endpoint deadline the operator chose, and supported groups beyond the chosen ones are not
     * enumerated (about one probe per group, and the grade needs only the chosen ones).
     */
    private ProbeSettings settings(Endpoint endpoint) {
        ProbeSettings defaults = ProbeSettings.defaults(endpoint.serverName());
        Duration probeTimeout = defaults.probeTimeout().compareTo(options.endpointDeadline()) < 0
                ? defaults.probeTimeout() : options.endpointDeadline();
        return new ProbeSettings(defaults.serverName(), probeTimeout, defaults.chunkSize(), defaults.maxProbes(), false);
    }

    private Profiled graded(EnumerationResult result, EndpointOutcome.Tls tls, Duration elapsed) {
        List<String> failures = result.failures().stream().map(EndpointProfiler::describe).toList();
        if (result.protocols().isEmpty()) {
            String reason = failures.isEmpty()
                    ? "no protocol version was accepted by the probes, though the capturing handshake chose " + tls.protocol()
                    : "no protocol version answered: " + failures.stream().limit(QUOTED_FAILURES).collect(Collectors.joining("; "))
                    + (failures.size() > QUOTED_FAILURES ? " (and " + (failures.size() - QUOTED_FAILURES) + " more)" : "");
            return new Profiled(new EnumerationOutcome.Failed(reason), List.of());
        }
        GradeInput input = GradeInput.from(result, serverCertificate(tls));
        // A probe that could not run leaves its question open: the grade is built from the rest, and says so.
        GradeReport grading = RatingGuide2009q.grade(input)
                .withNotices(failures.stream().map(failure -> "could not test " + failure).toList());
        List<String> protocols = result.protocols().stream().map(ProtocolVersion::displayName).toList();
        Map<String, List<String>> suites = new LinkedHashMap<>();
        result.suitesByProtocol().forEach((version, accepted) ->
                suites.put(version.displayName(), accepted.stream().map(AcceptedSuite::suite).map(s -> s.ianaName()).toList()));
        TlsProfile profile = new TlsProfile(protocols, suites, grading, result, failures, elapsed);
        return new Profiled(new EnumerationOutcome.Enumerated(profile), protocolFindings.findings(input));
    }

    /** The leaf as the grade sees it: its key and signature, and every reason the chain is not trusted. */
    static ServerCertificate serverCertificate(EndpointOutcome.Tls tls) {
        return ServerCertificate.served(tls.assessment(), tls.facts());
    }

    private static String describe(ProbeFailure failure) {
        return failure.probe() + ": " + failure.reason();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all the watchdog wants.
        }
    }
}
