package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanProgress;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs queued scan jobs one at a time in this server: claims a job, scans, records every TLS
 * endpoint as it completes, keeps the job's progress and heartbeat current, and closes it with a
 * summary. Jobs a previous run of the server left running are queued again at start.
 */
@Component
public class ScanJobRunner implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ScanJobRunner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SILENCE = Duration.ofMinutes(2);

    private final ScanJobQueue queue;
    private final Inventory inventory;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread loop;

    public ScanJobRunner(Database database) {
        this.queue = new ScanJobQueue(database.dsl());
        this.inventory = new Inventory(database);
    }

    @Override
    public void start() {
        int requeued = queue.requeueSilent(SILENCE);
        if (requeued > 0) {
            LOG.info("queued again {} scan job(s) interrupted by an earlier stop", requeued);
        }
        running.set(true);
        loop = Thread.ofVirtual().name("scan-jobs").start(this::poll);
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
        // The database may already be stopping too; then the silence rule requeues it later.
        try {
            queue.requeueOf(worker);
        } catch (RuntimeException e) {
            LOG.warn("could not queue again the scan job this server was running: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    private void poll() {
        while (running.get()) {
            try {
                // A worker that died (another process, or this one before a crash) stops beating;
                // its job goes back to the queue and is run again from the start.
                queue.requeueSilent(SILENCE);
                var job = queue.claim(worker);
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    Thread.sleep(POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("the scan job loop hit an error; it goes on", e);
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
        try {
            request = ScanRequest.from((ObjectNode) JSON.readTree(job.requestJson()));
        } catch (RuntimeException e) {
            queue.fail(job.id(), "the job's request can no longer be read: " + e.getMessage());
            return;
        }
        LOG.info("scan job {} started by {}: {} on ports {}", job.uuid(), job.createdBy(), request.targets(), request.ports());
        long[] recorded = {0};
        long[] lastBeat = {System.nanoTime()};
        ScanListener listener = new ScanListener() {
            @Override
            public void onResult(EndpointReport report) {
                ScanObservations.of(report).ifPresent(observation -> {
                    inventory.record(observation);
                    recorded[0]++;
                });
            }

            @Override
            public void onProgress(ScanProgress progress) {
                if (System.nanoTime() - lastBeat[0] > Duration.ofSeconds(1).toNanos() || progress.done() == progress.total()) {
                    queue.progress(job.id(), progress.done(), progress.total(), recorded[0]);
                    lastBeat[0] = System.nanoTime();
                }
            }
        };
        try {
            ScanSummary summary = new Scanner(request.options()).scan(request.plan(), listener);
            if (summary.interrupted() && !running.get()) {
                return;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("endpoints", summary.endpoints());
            json.put("tls", summary.tls());
            json.put("recorded", recorded[0]);
            json.put("byOutcome", summary.byOutcome());
            json.put("elapsedMillis", summary.elapsed().toMillis());
            json.put("endpointsPerSecond", Math.round(summary.endpointsPerSecond() * 10) / 10.0);
            queue.progress(job.id(), summary.endpoints(), summary.endpoints(), recorded[0]);
            queue.finish(job.id(), JSON.writeValueAsString(json));
            LOG.info("scan job {} finished: {}", job.uuid(), json);
        } catch (RuntimeException e) {
            LOG.error("scan job {} failed", job.uuid(), e);
            queue.fail(job.id(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
