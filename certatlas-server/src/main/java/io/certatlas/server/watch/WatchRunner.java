package io.certatlas.server.watch;

import io.certatlas.alerts.delivery.DeliveryRunner;
import io.certatlas.alerts.delivery.RetryPolicy;
import io.certatlas.alerts.receiver.SecretBox;
import io.certatlas.alerts.rule.RuleEvaluator;
import io.certatlas.alerts.schedule.Scheduler;
import io.certatlas.store.retention.Retention;
import io.certatlas.store.alerts.AlertOutbox;
import io.certatlas.store.alerts.AlertReceivers;
import io.certatlas.store.alerts.AlertRules;
import io.certatlas.store.metrics.InventoryMetrics;
import io.certatlas.store.renewal.RenewalLedger;
import io.certatlas.store.schedule.ScanSchedules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The background loop of the watch: every tick it starts the due recurring scans, evaluates the
 * alert rules when a scan finished since the last pass (and at least every few minutes, since
 * "overdue" and "expires within" change with the clock alone), and sends the messages due. All
 * three are safe with several servers on one database.
 */
@Component
public class WatchRunner implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WatchRunner.class);
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration EVALUATE_AT_LEAST_EVERY = Duration.ofMinutes(5);
    private static final Duration PRUNING_LOOK = Duration.ofMinutes(1);

    private final Scheduler scheduler;
    private final RuleEvaluator evaluator;
    private final DeliveryRunner deliveries;
    private final InventoryMetrics inventory;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean evaluationAsked = new AtomicBoolean(true);
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;
    private final Counter scheduledRuns;
    private final Timer evaluation;
    private volatile Instant lastEvaluation = Instant.EPOCH;
    private volatile Instant lastScanSeen = Instant.EPOCH;
    private volatile Thread loop;
    private final Retention retention;
    private volatile Instant nextPruningLook = Instant.EPOCH;

    public WatchRunner(DSLContext db, ScanSchedules schedules, AlertRules rules, AlertReceivers receivers, AlertOutbox outbox,
                       RenewalLedger ledger, SecretBox secrets, Clock clock, MeterRegistry registry) {
        String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.scheduler = new Scheduler(schedules, clock, worker);
        this.evaluator = new RuleEvaluator(rules, ledger, clock);
        this.deliveries = new DeliveryRunner(outbox, receivers, secrets, clock, retryPolicy(), worker);
        this.inventory = new InventoryMetrics(db);
        this.retention = new Retention(db);
        this.clock = clock;
        this.sent = Counter.builder("certatlas.alert.deliveries").tag("outcome", "sent").register(registry);
        this.failed = Counter.builder("certatlas.alert.deliveries").tag("outcome", "failed").register(registry);
        this.dead = Counter.builder("certatlas.alert.deliveries").tag("outcome", "dead").register(registry);
        this.scheduledRuns = Counter.builder("certatlas.schedule.runs").register(registry);
        this.evaluation = Timer.builder("certatlas.alert.evaluation").register(registry);
    }

    /** Backoff for webhook and e-mail retries; {@code certatlas.alerts.retry.first-delay-ms} shortens it (tests). */
    private static RetryPolicy retryPolicy() {
        long firstMs = Long.getLong("certatlas.alerts.retry.first-delay-ms", RetryPolicy.DEFAULT.firstDelay().toMillis());
        return new RetryPolicy(RetryPolicy.DEFAULT.maxAttempts(), Duration.ofMillis(firstMs), RetryPolicy.DEFAULT.maxDelay());
    }

    /** Asks for an evaluation of every rule on the next tick. */
    public void evaluateSoon() {
        evaluationAsked.set(true);
    }

    /** Evaluates every rule now, in the caller's thread. */
    public RuleEvaluator.Pass evaluateNow() {
        RuleEvaluator.Pass pass = evaluation.record(evaluator::evaluateAll);
        lastEvaluation = clock.instant();
        return pass;
    }

    @Override
    public void start() {
        running.set(true);
        loop = Thread.ofVirtual().name("watch").start(this::run);
    }

    @Override
    public void stop() {
        running.set(false);
        Thread thread = loop;
        if (thread != null) {
            // Let a tick in progress end (an interrupt would cut a database call short); a tick
            // stuck on a slow receiver is interrupted after a while, its message leased and retried.
            try {
                if (!thread.join(Duration.ofSeconds(15))) {
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    private void run() {
        while (running.get()) {
            try {
                tick();
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.error("the watch loop hit an error; it goes on", e);
                try {
                    Thread.sleep(TICK.multipliedBy(4));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** The daily pruning of history (one server a day claims it); looked for once a minute, not every tick. */
    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(nextPruningLook)) {
            return;
        }
        nextPruningLook = now.plus(PRUNING_LOOK);
        retention.pruneIfDue(now).filter(report -> report.total() > 0)
                .ifPresent(report -> LOG.info("pruned {} rows of history past the retention policy {}: {}",
                        report.total(), report.policy(), report.rows()));
    }

    private void tick() {
        scheduledRuns.increment(scheduler.tick().size());
        Instant finished = inventory.lastScanFinished();
        boolean news = finished.isAfter(lastScanSeen);
        if (news || evaluationAsked.getAndSet(false)
                || Duration.between(lastEvaluation, clock.instant()).compareTo(EVALUATE_AT_LEAST_EVERY) > 0) {
            lastScanSeen = finished;
            evaluateNow();
        }
        DeliveryRunner.Round round = deliveries.deliverDue();
        prune();
        sent.increment(round.sent());
        failed.increment(round.failed());
        dead.increment(round.dead());
    }
}
