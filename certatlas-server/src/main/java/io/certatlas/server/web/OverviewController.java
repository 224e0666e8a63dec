package io.certatlas.server.web;

import io.certatlas.server.security.Caller;
import io.certatlas.store.overview.InventoryOverview.Counts;
import io.certatlas.store.overview.InventoryOverview;
import io.certatlas.store.overview.OverviewReader;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/overview}: the overview's figures within the caller's scope, each with the
 * QQL filter that lists what it counts. Read by PostgreSQL, kept per scope while the inventory is
 * unchanged and at most a minute; then read again in the background while the previous figures
 * are answered.
 */
@RestController
public class OverviewController {

    private final OverviewReader reader;
    /** How long a view with figures already at hand waits for newer ones. */
    static final Duration WAIT = Duration.ofMillis(500);

    private final OverviewCache cache = new OverviewCache();
    /** Readings under way, one per scope; on platform threads, which an interrupt never reaches in a database call. */
    private final Map<String, Future<InventoryOverview>> readings = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("overview-reading-", 0).daemon(true).factory());
    private final Clock clock;

    public OverviewController(DSLContext db, Clock clock) {
        this.reader = new OverviewReader(db);
        this.clock = clock;
    }

    @GetMapping("/api/v1/overview")
    public Map<String, Object> overview(@AuthenticationPrincipal Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String scope = caller.scope().toString();
        String version = reader.inventoryVersion();
        Optional<InventoryOverview> kept = cache.find(scope, version, now);
        if (kept.isPresent()) {
            return json(kept.get());
        }
        Future<InventoryOverview> reading = readings.computeIfAbsent(scope, key -> readers.submit(() -> {
            try {
                InventoryOverview read = reader.read(caller.scope(), now);
                cache.keep(key, version, now, read);
                return read;
            } finally {
                readings.remove(key);
            }
        }));
        Optional<InventoryOverview> previous = cache.last(scope);
        try {
            // A reading of a large inventory takes seconds (10-20 s on 1,000,000 certificates): once the
            // scope has figures, the page gets the previous ones (their asOf says when they were read)
            // unless the new reading is done within a moment; only the first view of a scope waits.
            return json(previous.isEmpty() ? reading.get() : reading.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException stillReading) {
            return json(previous.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the overview", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stopReading() {
        readers.shutdownNow();
    }

    static Map<String, Object> json(InventoryOverview overview) {
        Counts c = overview.counts();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("certificates", figure(c.certificates(), Optional.of(OverviewFilters.ALL)));
        counts.put("assets", figure(c.assets(), Optional.empty()));
        counts.put("endpoints", figure(c.endpoints(), Optional.empty()));
        counts.put("expired", figure(c.expired(), Optional.of(OverviewFilters.EXPIRED)));
        counts.put("expiring7", figure(c.expiring7(), Optional.of(OverviewFilters.expiringWithin(7))));
        counts.put("expiring30", figure(c.expiring30(), Optional.of(OverviewFilters.expiringWithin(30))));
        counts.put("expiring90", figure(c.expiring90(), Optional.of(OverviewFilters.expiringWithin(90))));
        counts.put("selfSigned", figure(c.selfSigned(), Optional.of(OverviewFilters.SELF_SIGNED)));
        counts.put("weakKeys", figure(c.weakKeys(), Optional.of(OverviewFilters.WEAK_KEYS)));
        counts.put("sha1", figure(c.sha1(), Optional.of(OverviewFilters.SHA1)));
        counts.put("gradedF", figure(c.gradedF(), Optional.of(OverviewFilters.grade("F"))));
        counts.put("gradedT", figure(c.gradedT(), Optional.of(OverviewFilters.grade("T"))));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("asOf", overview.asOf().toEpochMilli());
        json.put("counts", counts);
        json.put("expiryWeeks", overview.expiryWeeks().stream().map(w -> {
            Map<String, Object> week = new LinkedHashMap<>();
            week.put("start", w.start().toEpochMilli());
            week.put("end", w.end().toEpochMilli());
            week.put("count", w.certificates());
            week.put("filter", OverviewFilters.validTo(w.start(), w.end()));
            return week;
        }).toList());
        json.put("grades", overview.grades().stream()
                .map(g -> share(g.name(), g.count(), OverviewFilters.grade(g.name()))).toList());
        json.put("issuers", overview.issuers().stream()
                .map(i -> share(i.name(), i.count(), OverviewFilters.issuer(i.name()))).toList());
        json.put("keys", overview.keys().stream().map(k -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("algorithm", k.algorithm());
            key.put("size", k.size());
            key.put("count", k.count());
            key.put("filter", OverviewFilters.key(k.algorithm(), k.size()));
            return key;
        }).toList());
        Map<String, Object> stale = new LinkedHashMap<>();
        stale.put("count", overview.staleEndpointCount());
        stale.put("endpoints", overview.staleEndpoints().stream().map(s -> {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("instanceId", s.instanceId());
            endpoint.put("assetName", s.assetName());
            endpoint.put("port", s.port());
            endpoint.put("fqdn", s.fqdn());
            endpoint.put("subjectName", s.subjectName());
            endpoint.put("servedCerthash", s.servedCerthash());
            endpoint.put("servedValidTo", s.servedValidTo().toEpochMilli());
            endpoint.put("newerCerthash", s.newerCerthash());
            endpoint.put("newerValidTo", s.newerValidTo().toEpochMilli());
            return endpoint;
        }).toList());
        json.put("stillServedAfterRenewal", stale);
        return json;
    }

    private static Map<String, Object> figure(long count, Optional<String> filter) {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("count", count);
        filter.ifPresent(f -> figure.put("filter", f));
        return figure;
    }

    private static Map<String, Object> share(String name, long count, String filter) {
        Map<String, Object> share = new LinkedHashMap<>();
        share.put("name", name);
        share.put("count", count);
        share.put("filter", filter);
        return share;
    }

}
