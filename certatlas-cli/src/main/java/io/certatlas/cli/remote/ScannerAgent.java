package io.certatlas.cli.remote;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanProgress;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.server.scanning.ObservedEndpoint;
import io.certatlas.server.scanning.ScanRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;

/**
 * The long-running remote scanner ({@code certatlas scanner}): each of its workers claims a job
 * of its zone from the server, scans it with the same scanner as {@code certatlas scan}, posts
 * every TLS endpoint found through the same upload as {@code scan --server}, renews the job's
 * lease with heartbeats that carry its progress, and closes the job with its counts. An idle
 * worker asks again after a pause that doubles from {@link #FIRST_IDLE_WAIT} to
 * {@link #MAX_IDLE_WAIT}, so a fleet of idle agents costs the server little. {@link #stop()}
 * (SIGTERM) hands running jobs back to the queue; a revoked token ends the agent with a message.
 */
public final class ScannerAgent {

    public static final Duration FIRST_IDLE_WAIT = Duration.ofSeconds(1);
    public static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(30);
    /** Exit code when the server refuses the agent (token revoked or unknown, wrong zone, untrusted server). */
    public static final int REFUSED = 3;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final AgentSession session;
    private final int workers;
    private final int batchSize;
    private final PrintStream log;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<String> refusal = new AtomicReference<>();
    private volatile boolean stopping;
    /** The workers asking the server for a job at this moment. */
    private final Set<Thread> claiming = ConcurrentHashMap.newKeySet();

    /**
     * @param workers   jobs run at once
     * @param batchSize endpoints per request to the server
     * @param log       where the agent says what it does, one line each
     */
    public ScannerAgent(AgentSession session, int workers, int batchSize, PrintStream log) {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--concurrency must be from 1 to 64 jobs at once, was " + workers);
        }
        if (batchSize < 1 || batchSize > ObservationUpload.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("--batch-size must be from 1 to " + ObservationUpload.MAX_BATCH_SIZE
                    + " (the server's limit), was " + batchSize);
        }
        this.session = Objects.requireNonNull(session, "session");
        this.workers = workers;
        this.batchSize = batchSize;
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Runs until {@link #stop()} or until the server refuses the agent; answers the exit code (0, or {@link #REFUSED}). */
    public int run() throws InterruptedException {
        say("polling " + session.server().base() + " for scan jobs with " + workers + " worker(s)");
        synchronized (threads) {
            for (int i = 1; i <= workers; i++) {
                // Platform threads: interrupting a virtual thread blocked in a socket closes that socket, and stop() interrupts these.
                threads.add(Thread.ofPlatform().name("certatlas-agent-" + i).start(this::work));
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String refused = refusal.get();
        if (refused != null) {
            log.println("certatlas scanner: " + refused);
            return REFUSED;
        }
        return 0;
    }

    /** Stops every worker: a running scan is cut short and its job handed back to the queue. Waits at most 30 s. */
    public void stop() {
        stopping = true;
        List<Thread> running;
        synchronized (threads) {
            running = List.copyOf(threads);
        }
        // A worker asking for a job is left to finish asking: cut short, the server may have leased it
        // a job the agent never hears of, RUNNING until its lease lapses. It hands that job back.
        running.stream().filter(thread -> !claiming.contains(thread)).forEach(Thread::interrupt);
        long end = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : running) {
            try {
                thread.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        say("stopped");
    }

    private boolean goingOn() {
        return !stopping && refusal.get() == null;
    }

    private void work() {
        Duration wait = FIRST_IDLE_WAIT;
        while (goingOn()) {
            try {
                Optional<LeasedJob> job;
                claiming.add(Thread.currentThread());
                try {
                    // Checked again once marked: stop() either saw the mark (and lets the claim finish) or
                    // had already said stop before it (and the worker ends here, having asked for nothing).
                    if (!goingOn()) {
                        return;
                    }
                    job = session.claim();
                } finally {
                    claiming.remove(Thread.currentThread());
                }
                if (job.isPresent() && !goingOn()) {
                    settleStopped(job.get(), new AtomicBoolean());
                    return;
                }
                if (job.isPresent()) {
                    run(job.get());
                    wait = FIRST_IDLE_WAIT;
                    continue;
                }
            } catch (ServerRefused e) {
                if (e.status() == 401 || e.status() == 403) {
                    refuse(e.getMessage());
                    return;
                }
                say("the server could not hand out a job (" + e.getMessage() + "); asking again in " + wait.toSeconds() + " s");
            } catch (SSLHandshakeException e) {
                refuse("cannot reach " + session.server().base() + " over TLS (" + e.getMessage() + "); if no CA vouches for the"
                        + " server's certificate, give --server-fingerprint with the SHA-256 fingerprint 'certatlas serve' printed");
                return;
            } catch (IOException e) {
                say("cannot reach " + session.server().base() + " (" + describe(e) + "); asking again in " + wait.toSeconds() + " s");
            } catch (InterruptedException e) {
                return;
            }
            try {
                // Jitter keeps a fleet of agents started together from asking in step.
                Thread.sleep(Math.round(wait.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_IDLE_WAIT) > 0 ? MAX_IDLE_WAIT : wait.multipliedBy(2);
        }
    }

    private void run(LeasedJob job) {
        ScanRequest request;
        ScanPlan plan;
        try {
            request = ScanRequest.from(job.request());
            plan = request.plan();
        } catch (RuntimeException e) {
            say("job " + job.id() + " cannot be scanned here: " + e.getMessage());
            report(job, () -> session.fail(job, "the job cannot be scanned here: " + e.getMessage()));
            return;
        }
        Optional<String> nothing = plan.nothingToScan();
        if (nothing.isPresent()) {
            // As the scan command's exit code 4: an empty run must not pass for a clean estate.
            say("job " + job.id() + " has nothing to scan: " + nothing.get());
            report(job, () -> session.fail(job, "nothing to scan: " + nothing.get()));
            return;
        }
        say("took job " + job.id() + ": " + String.join(" ", request.targets()) + " on ports " + request.ports()
                + " (" + plan.size() + " endpoint(s))");
        AtomicReference<ScanProgress> progress = new AtomicReference<>(new ScanProgress(0, plan.size().longValue(), 0));
        AtomicBoolean lost = new AtomicBoolean();
        Thread scanning = Thread.currentThread();
        Thread heartbeats = Thread.ofVirtual().name("certatlas-agent-heartbeat").start(() -> beat(job, progress, lost, scanning));
        ScanSummary summary;
        ObservationUpload.Result posted;
        try {
            ObservationUpload upload = new ObservationUpload(session.server(), session, batchSize, this::say);
            try {
                summary = new Scanner(request.options()).scan(plan, new ScanListener() {
                    @Override
                    public void onResult(EndpointReport report) {
                        Optional<ObservedEndpoint> endpoint = ObservedEndpoint.of(report);
                        if (endpoint.isPresent()) {
                            try {
                                upload.add(endpoint.get());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void onProgress(ScanProgress p) {
                        progress.set(p);
                    }
                });
            } finally {
                // What was found is posted even when the scan was cut short: recording is idempotent.
                Thread.interrupted();
                upload.close();
            }
            posted = upload.result();
        } catch (InterruptedException | RuntimeException e) {
            heartbeats.interrupt();
            Thread.interrupted();
            String why = e instanceof InterruptedException ? "interrupted" : describe(e);
            if (stopping || lost.get() || refusal.get() != null) {
                settleStopped(job, lost);
            } else {
                say("job " + job.id() + " failed: " + why);
                report(job, () -> session.fail(job, why));
            }
            return;
        } finally {
            heartbeats.interrupt();
        }
        join(heartbeats);
        if (stopping || lost.get() || refusal.get() != null) {
            settleStopped(job, lost);
            return;
        }
        if (posted.failed() > 0) {
            String why = posted.failed() + " TLS endpoint(s) could not be posted to the server (see the agent's log); "
                    + posted.recorded() + " recorded";
            say("job " + job.id() + " failed: " + why);
            report(job, () -> session.fail(job, why));
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoints", summary.endpoints());
        json.put("tls", summary.tls());
        json.put("recorded", posted.recorded());
        json.put("byOutcome", summary.byOutcome());
        json.put("elapsedMillis", summary.elapsed().toMillis());
        json.put("endpointsPerSecond", Math.round(summary.endpointsPerSecond() * 10) / 10.0);
        if (report(job, () -> session.finish(job, summary.endpoints(), summary.endpoints(), posted.recorded(), json))) {
            say("finished job " + job.id() + ": " + summary.endpoints() + " endpoint(s), " + summary.tls() + " with TLS, "
                    + posted.recorded() + " recorded by the server");
        }
    }

    /** A job cut short: handed back unless the server took it already (lease lost) or refused the agent. */
    private void settleStopped(LeasedJob job, AtomicBoolean lost) {
        // stop() interrupts a worker that is not claiming; one whose claim returned just then is
        // interrupted on its way here, and an interrupted thread cannot send the release (the
        // job would stay RUNNING until its lease lapsed). The release goes out first.
        boolean interrupted = Thread.interrupted();
        try {
            if (lost.get()) {
                say("job " + job.id() + " is no longer this agent's (its lease lapsed and it was queued again); left to its new holder");
            } else if (refusal.get() == null && report(job, () -> session.release(job))) {
                say("released job " + job.id() + "; it is queued again");
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Renews the job's lease until interrupted; a lost lease or a revoked token stops the scan. */
    private void beat(LeasedJob job, AtomicReference<ScanProgress> progress, AtomicBoolean lost, Thread scanning) {
        while (true) {
            try {
                Thread.sleep(job.heartbeat());
                session.heartbeat(job, progress.get());
            } catch (InterruptedException e) {
                return;
            } catch (ServerRefused e) {
                if (e.status() == 409) {
                    lost.set(true);
                    scanning.interrupt();
                    return;
                }
                if (e.status() == 401 || e.status() == 403) {
                    refuse(e.getMessage());
                    scanning.interrupt();
                    return;
                }
                say("a heartbeat of job " + job.id() + " failed (" + e.getMessage() + "); the lease holds until the next");
            } catch (IOException e) {
                say("a heartbeat of job " + job.id() + " failed (" + describe(e) + "); the lease holds until the next");
            }
        }
    }

    @FunctionalInterface
    private interface Report {
        void send() throws IOException, InterruptedException, ServerRefused;
    }

    /** Sends a job's closing report; says why when it cannot. True when the server took it. */
    private boolean report(LeasedJob job, Report report) {
        try {
            report.send();
            return true;
        } catch (ServerRefused e) {
            if (e.status() == 401 || e.status() == 403) {
                refuse(e.getMessage());
            }
            say("the server did not take the report on job " + job.id() + ": " + e.getMessage());
        } catch (IOException e) {
            say("the report on job " + job.id() + " could not be sent (" + describe(e) + "); the job is queued again"
                    + " when its lease lapses");
        } catch (InterruptedException e) {
            say("the report on job " + job.id() + " was cut short by the agent stopping; the job is queued again when its"
                    + " lease lapses");
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void refuse(String why) {
        if (refusal.compareAndSet(null, "the server refused this agent, so it stops: " + why)) {
            synchronized (threads) {
                threads.stream().filter(t -> t != Thread.currentThread()).forEach(Thread::interrupt);
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void say(String line) {
        String who = session.identity();
        log.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " certatlas scanner" + (who.isEmpty() ? "" : " (" + who + ")")
                + ": " + line);
    }
}
