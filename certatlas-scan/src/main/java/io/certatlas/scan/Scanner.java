package io.certatlas.scan;

import io.certatlas.scan.capture.CaptureResult;
import io.certatlas.scan.capture.ChainCapture;
import io.certatlas.scan.capture.CleartextChainCapture;
import io.certatlas.scan.probe.ConnectionOpener;
import java.net.InetSocketAddress;
import io.certatlas.scan.engine.BoundedInputStream;
import io.certatlas.scan.engine.ConnectAttempt;
import io.certatlas.scan.engine.ConnectionGate;
import io.certatlas.scan.engine.FailureReason;
import io.certatlas.scan.engine.TcpConnector;
import io.certatlas.scan.finding.CertificateFindings;
import io.certatlas.scan.finding.ChainAssessment;
import io.certatlas.scan.finding.ChainAssessor;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.finding.FindingCatalogue;
import io.certatlas.scan.starttls.PreTlsNegotiationFailed;
import io.certatlas.scan.starttls.PlaintextGreeting;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.target.Scheme;
import java.util.Optional;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The discovery scanner: for every endpoint of a plan, one TCP connect, the pre-TLS step the port
 * needs, one handshake that captures the served chain, and the chain's judgement and findings;
 * then, unless switched off, the enumeration of versions and suites, the grade and the protocol
 * findings, within a budget of its own ({@link ScanOptions#enumerationBudget()}).
 *
 * <p>Each endpoint is a job on its own virtual thread with plain blocking sockets. The scanner
 * alone bounds concurrency: at most {@link ScanOptions#concurrency()} jobs exist at once, and at
 * most {@link ScanOptions#perHostLimit()} of them talk to one address. Every read is bounded by the
 * endpoint's deadline and byte cap, and a watchdog closes any socket still open a moment after its
 * deadline, so a hostile peer costs one timeout and never a hung thread.
 */
public final class Scanner {

    /** How long after its deadline a socket is closed by force, should a blocked write or a library ignore the deadline. */
    private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(1);

    private final ScanOptions options;
    private final TcpConnector connector;
    private final ChainCapture capture;
    private final ChainAssessor assessor;
    private final CertificateFindings certificateFindings;
    private final EndpointProfiler profiler;
    private final CleartextChainCapture cleartextCapture = CleartextChainCapture.standard();

    /** Capture failures after which the chain is read from the cleartext flight of a hello that offers everything. */
    private static final Set<FailureReason> CLEARTEXT_RETRY = java.util.EnumSet.of(FailureReason.SERVER_REJECTED_HANDSHAKE,
            FailureReason.PROTOCOL_VIOLATION, FailureReason.PEER_CLOSED_CONNECTION);

    public Scanner(ScanOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.connector = new TcpConnector(options.connectTimeout());
        // BouncyCastle's own cap on one handshake message is set far above the byte limit, so that a
        // flooding peer is stopped by the byte limit and reported as such.
        this.capture = new ChainCapture(16 * 1024 * 1024);
        this.assessor = new ChainAssessor(options.trustAnchors(), options.clock());
        this.certificateFindings = new CertificateFindings(FindingCatalogue.standard());
        this.profiler = new EndpointProfiler(options, WATCHDOG_GRACE);
    }

    public ScanOptions options() {
        return options;
    }

    /**
     * Scans every endpoint of the plan and returns when all are done; reports stream to the
     * listener as endpoints finish, in completion order. If the calling thread is interrupted, no
     * new endpoint starts, those in flight finish (each within its deadline), and the summary says so.
     */
    public ScanSummary scan(ScanPlan plan, ScanListener listener) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(listener, "listener");
        long total = plan.size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        long started = System.nanoTime();
        Semaphore inFlight = new Semaphore(options.concurrency());
        ConnectionGate gate = new ConnectionGate(options.perHostLimit());
        AtomicLong done = new AtomicLong();
        AtomicLong found = new AtomicLong();
        Map<String, Long> counts = new ConcurrentHashMap<>();
        ReentrantLock delivery = new ReentrantLock();
        boolean interrupted = false;
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "certatlas-scan-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        try (ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
            Iterator<Endpoint> endpoints = plan.endpoints().iterator();
            while (endpoints.hasNext()) {
                Endpoint endpoint = endpoints.next();
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
                jobs.execute(() -> {
                    try {
                        EndpointReport report = scanOne(endpoint, gate, watchdog);
                        counts.merge(report.outcome().label(), 1L, Long::sum);
                        if (report.outcome() instanceof EndpointOutcome.Tls) {
                            found.incrementAndGet();
                        }
                        delivery.lock();
                        try {
                            ScanProgress now = new ScanProgress(done.incrementAndGet(), total, found.get());
                            listener.onResult(report);
                            listener.onProgress(now);
                        } catch (RuntimeException e) {
                            // A failing listener must not stop the scan or lose the count; it is logged with the endpoint.
                            System.getLogger(Scanner.class.getName()).log(System.Logger.Level.WARNING,
                                    "the scan listener failed on " + endpoint + ": " + e, e);
                        } finally {
                            delivery.unlock();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } finally {
            watchdog.shutdownNow();
            try {
                watchdog.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // An interrupt that came while the executor waited for the endpoints in flight stopped them and is still pending here.
        interrupted |= Thread.currentThread().isInterrupted();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new ScanSummary(done.get(), found.get(), counts, Duration.ofNanos(System.nanoTime() - started), interrupted);
    }

    /** Scans one endpoint now, on the calling thread, with no per-host cap beyond this one call. */
    public EndpointReport scan(Endpoint endpoint) {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try {
            return scanOne(endpoint, new ConnectionGate(1), watchdog);
        } finally {
            watchdog.shutdownNow();
        }
    }

    private EndpointReport scanOne(Endpoint endpoint, ConnectionGate gate, ScheduledExecutorService watchdog) {
        // The target's own protocol (smtp://host:2525) first, then the port's (--starttls 2525=smtp), then the port's usual one.
        Optional<TlsWrapper> chosen = endpoint.scheme().map(Scheme::wrapper).or(() -> options.wrapperFor(endpoint.port()));
        TlsWrapper wrapper = chosen.orElse(TlsWrapper.forPort(endpoint.port()));
        String service = service(endpoint, wrapper);
        try (ConnectionGate.Permit permit = gate.enter(endpoint.address())) {
            long start = System.nanoTime();
            Deadline deadline = Deadline.after(options.endpointDeadline());
            ConnectAttempt attempt = connector.connect(endpoint, deadline);
            long connected = System.nanoTime();
            Duration connect = Duration.ofNanos(connected - start);
            EndpointOutcome outcome = switch (attempt) {
                case ConnectAttempt.Refused refused -> new EndpointOutcome.Closed();
                case ConnectAttempt.TimedOut timedOut -> new EndpointOutcome.Filtered("no answer to the connect within "
                        + options.connectTimeout().toMillis() + " ms");
                case ConnectAttempt.Unreachable unreachable -> new EndpointOutcome.Filtered(unreachable.detail());
                case ConnectAttempt.Connected open -> handshake(open.socket(), endpoint, wrapper, deadline, watchdog);
            };
            if (outcome instanceof EndpointOutcome.NotTls notTls && wrapper == TlsWrapper.NONE) {
                Optional<TlsWrapper> greeted = PlaintextGreeting.wrapperFor(notTls.firstBytesHex());
                if (greeted.isPresent() && chosen.isEmpty()) {
                    // A mail server's plaintext greeting on a port not known for it: tried again with its STARTTLS.
                    EndpointOutcome upgraded = retryWith(endpoint, greeted.get(), deadline, watchdog);
                    if (upgraded instanceof EndpointOutcome.Tls) {
                        outcome = upgraded;
                        wrapper = greeted.get();
                        service = service(endpoint, wrapper);
                    } else {
                        outcome = new EndpointOutcome.NotTls(notTls.firstBytesHex(), PlaintextGreeting.hint(greeted.get(), endpoint.port())
                                + " (tried: " + upgraded.label() + ")");
                    }
                } else if (greeted.isPresent()) {
                    outcome = new EndpointOutcome.NotTls(notTls.firstBytesHex(), PlaintextGreeting.hint(greeted.get(), endpoint.port()));
                }
            }
            if (!(outcome instanceof EndpointOutcome.Tls) && Thread.currentThread().isInterrupted()) {
                // Stopping the scan closed this endpoint's socket: what broke is the scan, not the peer.
                outcome = new EndpointOutcome.Failed(FailureReason.LOCAL_ERROR, "the scan was interrupted before this endpoint finished");
            }
            long handshaken = System.nanoTime();
            Duration handshake = attempt instanceof ConnectAttempt.Connected ? Duration.ofNanos(handshaken - connected) : Duration.ZERO;
            List<Finding> findings = new ArrayList<>();
            EnumerationOutcome enumeration;
            if (outcome instanceof EndpointOutcome.Tls tls) {
                findings.addAll(certificateFindings.from(tls.assessment(), tls.chain()));
                // Still inside this endpoint's per-host permit: the probes' connections count against the cap.
                enumeration = options.enumeration()
                        ? enumerate(endpoint, wrapper, tls, watchdog, findings)
                        : new EnumerationOutcome.NotRun("enumeration is switched off");
            } else {
                enumeration = new EnumerationOutcome.NotRun("no chain was captured");
            }
            long end = System.nanoTime();
            Duration enumerationTime = Duration.ofNanos(end - handshaken);
            return new EndpointReport(endpoint, service, wrapper, outcome, findings, enumeration,
                    new EndpointReport.Timings(connect, handshake, enumerationTime, Duration.ofNanos(end - start)), options.clock().instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EndpointReport(endpoint, service, wrapper, new EndpointOutcome.Failed(FailureReason.LOCAL_ERROR,
                    "the scan was interrupted before this endpoint started"), List.of(),
                    new EnumerationOutcome.NotRun("the scan was interrupted"), EndpointReport.Timings.NONE, options.clock().instant());
        }
    }

    /** The service recorded: the target's protocol when it named one, else the protocol of the pre-TLS step, else the port's. */
    private static String service(Endpoint endpoint, TlsWrapper wrapper) {
        return endpoint.scheme().flatMap(Scheme::service).orElseGet(() -> Service.of(wrapper, endpoint.port()));
    }

    /** One more connection and handshake with {@code wrapper}, within what is left of the endpoint's deadline. */
    private EndpointOutcome retryWith(Endpoint endpoint, TlsWrapper wrapper, Deadline deadline, ScheduledExecutorService watchdog) {
        ConnectAttempt attempt = connector.connect(endpoint, deadline);
        return switch (attempt) {
            case ConnectAttempt.Connected open -> handshake(open.socket(), endpoint, wrapper, deadline, watchdog);
            case ConnectAttempt.Refused refused -> new EndpointOutcome.Closed();
            case ConnectAttempt.TimedOut timedOut -> new EndpointOutcome.Filtered("no answer to the second connect");
            case ConnectAttempt.Unreachable unreachable -> new EndpointOutcome.Filtered(unreachable.detail());
        };
    }

    /** Runs the enumeration and adds its protocol findings to {@code findings}, one finding per QID. */
    private EnumerationOutcome enumerate(Endpoint endpoint, TlsWrapper wrapper, EndpointOutcome.Tls tls,
                                         ScheduledExecutorService watchdog, List<Finding> findings) {
        EndpointProfiler.Profiled profiled = profiler.profile(endpoint, wrapper, tls, watchdog);
        Set<Integer> qids = new HashSet<>();
        findings.forEach(finding -> qids.add(finding.qid()));
        for (Finding finding : profiled.findings()) {
            if (qids.add(finding.qid())) {
                findings.add(finding);
            }
        }
        return profiled.outcome();
    }

    private EndpointOutcome handshake(Socket socket, Endpoint endpoint, TlsWrapper wrapper, Deadline deadline,
                                      ScheduledExecutorService watchdog) {
        long closeAt = deadline.remaining().plus(WATCHDOG_GRACE).toMillis();
        ScheduledFuture<?> guard = watchdog.schedule(() -> closeQuietly(socket), closeAt, TimeUnit.MILLISECONDS);
        try (socket) {
            try {
                wrapper.prepare(socket, endpoint.serverName().orElse(endpoint.addressLiteral()), deadline);
            } catch (PreTlsNegotiationFailed failed) {
                return new EndpointOutcome.Failed(FailureReason.PRE_TLS_NEGOTIATION_FAILED,
                        failed.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.getMessage());
            }
            BoundedInputStream in = new BoundedInputStream(socket, socket.getInputStream(), deadline, options.byteLimit());
            CaptureResult result = capture.capture(in, socket.getOutputStream(), endpoint.serverName());
            if (result instanceof CaptureResult.Failed failed && CLEARTEXT_RETRY.contains(failed.reason())) {
                // Only suites or versions our full handshake does not do (export, anonymous, RC4, NULL, SSLv3),
                // or a group it would not take: the chain is read from the server's cleartext flight instead.
                socket.close();
                ConnectionOpener opener = ConnectionOpener.direct(new InetSocketAddress(endpoint.address(), endpoint.port()),
                        options.connectTimeout()).thenPrepare(wrapper, endpoint.serverName().orElse(endpoint.addressLiteral()));
                CaptureResult cleartext = cleartextCapture.capture(opener, endpoint.serverName(), deadline);
                if (cleartext instanceof CaptureResult.Captured) {
                    result = cleartext;
                }
            }
            return switch (result) {
                case CaptureResult.Captured captured -> {
                    ServedChain chain = ServedChain.of(captured.chain());
                    ChainAssessment assessment = chain.noted(assessor.assess(chain.kept(), endpoint.serverName()));
                    yield new EndpointOutcome.Tls(chain.kept(), facts(chain.kept()), captured.protocol(),
                            captured.cipherSuite(), assessment);
                }
                case CaptureResult.NotTls notTls -> new EndpointOutcome.NotTls(notTls.firstBytesHex());
                case CaptureResult.Failed failed -> new EndpointOutcome.Failed(failed.reason(), failed.detail());
            };
        } catch (IOException e) {
            return new EndpointOutcome.Failed(FailureReason.LOCAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            guard.cancel(false);
        }
    }

    private static List<CertificateFacts> facts(List<byte[]> chain) {
        try {
            // Issuer category "Public" means "under a root of the public trust store", whatever roots the scan trusts.
            return CertificateAnalyzer.standard().analyzeChain(chain);
        } catch (MalformedCertificateException | RuntimeException e) {
            return List.of();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all the watchdog wants; an error here changes nothing.
        }
    }
}
