package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanProgress;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.store.ConnectionFailure;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.jobs.RunnerLiveness;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs queued scan jobs one at a time in this server: claims a job, scans, records every TLS
 * endpoint as it completes, keeps the job's progress and heartbeat current, and closes it with a
 * summary. While it runs it holds its {@link RunnerLiveness} lock; a job whose worker holds none
 * (this server before a crash, or another server sharing the database that died) is queued again
 * at start and whenever the loop looks for work, at once rather than after a silence.
 */
@Component
public class ScanJobRunner implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ScanJobRunner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(500);

    private final ScanJobQueue queue;
    private final Database database;
    private final Inventory inventory;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread loop;
    private volatile RunnerLiveness liveness;

    private final ScanWorkSettings settings;

    public ScanJobRunner(Database database, ScanWorkSettings settings) {
        this.queue = new ScanJobQueue(database.dsl());
        this.database = database;
        this.inventory = new Inventory(database);
        this.settings = settings;
    }

    @Override
    public void start() {
        liveness = RunnerLiveness.hold(database.dataSource(), worker);
        int requeued = queue.requeueOrphaned();
        if (requeued > 0) {
            LOG.info("queued again {} scan job(s) whose server stopped or died while running them", requeued);
        }
        running.set(true);
        // A platform thread: interrupting a virtual thread in a blocking socket call closes the socket, here a
        // pooled database connection, and stop() interrupts this one.
        loop = Thread.ofPlatform().name("scan-jobs").daemon(true).start(this::poll);
    }

    @Override
    public void stop() {
        running.set(false);
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // A job cut short here is queued again for the next start rather than left looking alive.
        // Should the database not answer, the liveness lock dies with the session: the next server queues it.
        try {
            queue.requeueOf(worker);
        } catch (RuntimeException e) {
            LOG.warn("could not queue again the scan job this server was running: {}", e.getMessage());
        } finally {
            RunnerLiveness held = liveness;
            if (held != null) {
                held.close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    private void poll() {
        while (running.get()) {
            try {
                // A worker that died (another process, or this one before a crash) holds no liveness
                // lock, and an agent that went silent lets its lease lapse; either job goes back to
                // the queue and is run again from the start.
                liveness.ensureHeld();
                queue.requeueOrphaned();
                // A zoned job is for the agents in its network zone, unless this server was told to serve the zone.
                var job = queue.claim(worker, settings.servedZones());
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    Thread.sleep(POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (ConnectionFailure.causes(e)) {
                    // Down, restarting, or every pooled connection busy: the pool recovers by itself.
                    LOG.warn("the scan job loop cannot reach the database just now ({}); it tries again",
                            ConnectionFailure.rootMessage(e));
                } else {
                    LOG.error("the scan job loop hit an error; it goes on", e);
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void run(ScanJob job) {
        ScanRequest request;
        ScanPlan plan;
        try {
            request = ScanRequest.from((ObjectNode) JSON.readTree(job.requestJson()));
            plan = request.plan();
        } catch (RuntimeException e) {
            queue.fail(job.id(), "the job's request can no longer be read: " + e.getMessage());
            return;
        }
        Optional<String> nothing = plan.nothingToScan();
        if (nothing.isPresent()) {
            // As the scan command's exit code 4: a job that scanned nothing must not pass for a clean estate.
            LOG.info("scan job {} has nothing to scan: {}", job.uuid(), nothing.get());
            queue.fail(job.id(), "nothing to scan: " + nothing.get());
            return;
        }
        LOG.info("scan job {} started by {}: {} on ports {}", job.uuid(), job.createdBy(), request.targets(), request.ports());
        AtomicLong recorded = new AtomicLong();
        long[] lastBeat = {System.nanoTime()};
        ScanSummary summary;
        try (JobWrites writes = new JobWrites(job.uuid().toString())) {
            ScanListener listener = new ScanListener() {
                @Override
                public void onResult(EndpointReport report) {
                    ScanObservations.of(report).ifPresent(observation -> writes.submit(() -> {
                        inventory.record(observation);
                        recorded.incrementAndGet();
                    }));
                }

                @Override
                public void onProgress(ScanProgress progress) {
                    if (System.nanoTime() - lastBeat[0] > Duration.ofSeconds(1).toNanos() || progress.done() == progress.total()) {
                        writes.submit(() -> queue.progress(job.id(), progress.done(), progress.total(), recorded.get()));
                        lastBeat[0] = System.nanoTime();
                    }
                }
            };
            summary = new Scanner(request.options()).scan(plan, listener);
        } catch (RuntimeException e) {
            LOG.error("scan job {} failed", job.uuid(), e);
            queue.fail(job.id(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        }
        // Every endpoint found is recorded by now (closing the writes waited for them). Stopping, the
        // job is queued again (stop()), whatever the scan says: a stop that closed a probe's socket
        // made it look like a peer that hung up, and the job was recorded finished with that result.
        if (!running.get()) {
            return;
        }
        try {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("endpoints", summary.endpoints());
            json.put("tls", summary.tls());
            json.put("recorded", recorded.get());
            json.put("unresolved", plan.unresolvedNames());
            json.put("byOutcome", summary.byOutcome());
            json.put("elapsedMillis", summary.elapsed().toMillis());
            json.put("endpointsPerSecond", Math.round(summary.endpointsPerSecond() * 10) / 10.0);
            queue.progress(job.id(), summary.endpoints(), summary.endpoints(), recorded.get());
            queue.finish(job.id(), JSON.writeValueAsString(json));
            LOG.info("scan job {} finished: {}", job.uuid(), json);
        } catch (RuntimeException e) {
            LOG.error("scan job {} failed", job.uuid(), e);
            queue.fail(job.id(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
