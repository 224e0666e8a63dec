package io.certatlas.server.watch;

import io.certatlas.server.api.ApiException;
import io.certatlas.store.Database;
import io.certatlas.store.metrics.InventoryMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: Prometheus text for a scraper holding the metrics read token (the
 * data directory's {@code metrics.token}, sent as {@code Authorization: Bearer}). Per served
 * certificate and endpoint, {@code x509_cert_not_after} (seconds since the epoch) labelled as
 * certificate exporters label it, for at most {@value #DEFAULT_SERIES} pairs, soonest expiry first
 * ({@code certatlas_exported_certificate_pairs} and {@code certatlas_served_certificate_pairs}
 * tell whether the cap cut some); then counts by expiry group, grade, finding and renewal state,
 * scan jobs, alert deliveries and API latency. The inventory is read at most every
 * {@value #REFRESH_SECONDS} seconds, in the background once a first reading exists. {@code /health} answers while the process runs;
 * {@code /ready} when the database answers.
 */
@RestController
public class MetricsController {

    static final int DEFAULT_SERIES = 10_000;
    static final int REFRESH_SECONDS = 15;
    static final Duration SCRAPE_WAIT = Duration.ofMillis(500);
    /** Under Prometheus' default 10 s scrape timeout, for a scrape that comes before the first reading is done. */
    static final Duration FIRST_SCRAPE_WAIT = Duration.ofSeconds(8);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsController.class);

    private final PrometheusMeterRegistry registry;
    private final MetricsToken token;
    private final InventoryMetrics inventory;
    private final DSLContext db;
    private final Clock clock;
    private final int seriesLimit = Integer.getInteger("certatlas.metrics.certificate-series", DEFAULT_SERIES);
    private final ReentrantLock refreshing = new ReentrantLock();
    private final MultiGauge notAfter;
    private final MultiGauge expiryGroups;
    private final MultiGauge grades;
    private final MultiGauge findings;
    private final MultiGauge renewal;
    private final MultiGauge scanJobs;
    private volatile long servedPairs;
    private volatile long exportedPairs;
    private volatile double lastScanSeconds;
    private volatile Instant refreshed = Instant.EPOCH;
    /** One reading at a time, on a platform thread (an interrupt never reaches its database session). */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("metrics-reading").daemon(true).factory());
    /** The reading under way or last done; guarded by {@code reader}. */
    private Future<?> pending = CompletableFuture.completedFuture(null);

    public MetricsController(PrometheusMeterRegistry registry, MetricsToken token, Database database, Clock clock) {
        this.registry = registry;
        this.token = token;
        this.db = database.dsl();
        this.inventory = new InventoryMetrics(db);
        this.clock = clock;
        this.notAfter = MultiGauge.builder("x509.cert.not.after").description("certificate not-after, seconds since the epoch")
                .register(registry);
        this.expiryGroups = MultiGauge.builder("certatlas.certificates").description("certificates by expiry group").register(registry);
        this.grades = MultiGauge.builder("certatlas.endpoints").description("TLS endpoints by grade").register(registry);
        this.findings = MultiGauge.builder("certatlas.findings").description("active findings by QID").register(registry);
        this.renewal = MultiGauge.builder("certatlas.certificates.renewal").description("certificates by renewal state").register(registry);
        this.scanJobs = MultiGauge.builder("certatlas.scan.jobs").description("scan jobs by status (FAILED: scan errors)").register(registry);
        Gauge.builder("certatlas.served.certificate.pairs", this, m -> m.servedPairs)
                .description("(certificate, endpoint) pairs served now").register(registry);
        Gauge.builder("certatlas.exported.certificate.pairs", this, m -> m.exportedPairs)
                .description("pairs exported as x509_cert_not_after (capped)").register(registry);
        Gauge.builder("certatlas.inventory.metrics.age.seconds", this,
                        m -> m.refreshed.equals(Instant.EPOCH) ? 0 : Duration.between(m.refreshed, m.clock.instant()).toMillis() / 1000.0)
                .description("age of the inventory figures answered (read at most every 15 s, in the background)").register(registry);
        Gauge.builder("certatlas.scan.last.duration.seconds", this, m -> m.lastScanSeconds)
                .description("duration of the last finished scan job").register(registry);
    }

    @GetMapping(value = "/metrics", produces = "text/plain")
    public ResponseEntity<String> metrics(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !token.matches(header.substring("Bearer ".length()).strip())) {
            // The API's JSON 401, as on every other endpoint: a scraper reads only the status.
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "/metrics wants 'Authorization: Bearer <token>'"
                    + " with the token in the server's data directory file " + WatchBeans.METRICS_TOKEN_FILE,
                    Optional.empty(), Map.of());
        }
        freshEnough();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"))
                .body(registry.scrape());
    }

    @GetMapping(value = "/health", produces = "application/json")
    public Map<String, Object> health() {
        return Map.of("status", "UP");
    }

    @GetMapping(value = "/ready", produces = "application/json")
    public ResponseEntity<Map<String, Object>> ready() {
        try {
            db.resultQuery("select 1").fetch();
            return ResponseEntity.ok(Map.of("status", "READY"));
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "DATABASE_UNAVAILABLE"));
        }
    }

    /**
     * Brings the inventory's figures up to date for a scrape. On a large inventory a reading takes
     * seconds (11 s on 1,000,000 certificates), longer than a scraper waits, so an old reading is
     * replaced in the background: the scrape waits for it at most {@link #SCRAPE_WAIT} and otherwise
     * answers the previous figures, which {@code certatlas_inventory_metrics_age_seconds} dates.
     * The first reading starts with the server; a scrape that comes before it is done waits for it
     * at most {@link #FIRST_SCRAPE_WAIT}, then answers without the inventory's series.
     */
    private void freshEnough() {
        if (Duration.between(refreshed, clock.instant()).getSeconds() < REFRESH_SECONDS) {
            return;
        }
        Future<?> reading;
        synchronized (reader) {
            if (pending.isDone()) {
                pending = reader.submit(this::refreshIfOld);
            }
            reading = pending;
        }
        try {
            reading.get((refreshed.equals(Instant.EPOCH) ? FIRST_SCRAPE_WAIT : SCRAPE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillReading) {
            // Answered from the previous reading (none yet, so far after a start: only the
            // process's own series); this one lands for the next scrape.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("could not read the inventory's metrics: {}", e.getCause().toString());
        }
    }

    /** The first reading starts with the server, so that a scrape seldom finds nothing read yet. */
    @EventListener(ApplicationReadyEvent.class)
    public void readAtStart() {
        synchronized (reader) {
            if (pending.isDone()) {
                pending = reader.submit(this::refreshIfOld);
            }
        }
    }

    @PreDestroy
    void stopReading() {
        reader.shutdownNow();
    }

    private void refreshIfOld() {
        if (Duration.between(refreshed, clock.instant()).getSeconds() < REFRESH_SECONDS) {
            return;
        }
        refreshing.lock();
        try {
            Instant now = clock.instant();
            if (Duration.between(refreshed, now).getSeconds() < REFRESH_SECONDS) {
                return;
            }
            List<MultiGauge.Row<?>> after = new ArrayList<>();
            for (InventoryMetrics.ServedCertificate c : inventory.soonestExpiring(seriesLimit)) {
                Tags tags = Tags.of("subject_CN", c.subjectCn(), "issuer_CN", c.issuerCn(), "serial_number", c.serialNumber(),
                        "certhash", c.certhash(), "endpoint", c.endpoint());
                after.add(MultiGauge.Row.of(tags, c.notAfter().getEpochSecond()));
            }
            notAfter.register(after, true);
            exportedPairs = after.size();
            servedPairs = inventory.servedPairs();
            expiryGroups.register(rows("expiry_group", inventory.byExpiryGroup(now)), true);
            grades.register(rows("grade", inventory.endpointsByGrade()), true);
            List<MultiGauge.Row<?>> byQid = new ArrayList<>();
            inventory.activeFindingsByQid().forEach((qid, n) -> byQid.add(MultiGauge.Row.of(Tags.of("qid", Integer.toString(qid)), n)));
            findings.register(byQid, true);
            renewal.register(rows("state", inventory.renewalStates(now)), true);
            scanJobs.register(rows("status", inventory.scanJobsByStatus()), true);
            lastScanSeconds = inventory.lastScanSeconds();
            refreshed = now;
        } finally {
            refreshing.unlock();
        }
    }

    private static List<MultiGauge.Row<?>> rows(String label, Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((key, n) -> rows.add(MultiGauge.Row.of(Tags.of(label, key), n)));
        return rows;
    }
}
