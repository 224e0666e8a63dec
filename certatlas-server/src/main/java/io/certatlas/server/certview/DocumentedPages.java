package io.certatlas.server.certview;

import io.certatlas.store.access.Scope;
import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateDocuments;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.x509.DistinguishedName;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pages of the v1 certificate list put together from stored certificate documents
 * ({@link CertificateDocument}, kept by {@link CertificateDocuments}): one read of up to 200
 * bodies instead of the joins over instances, assets, findings, interfaces and tags. A
 * certificate whose body is missing (never built, or emptied by a write since) is read the long
 * way in the same snapshot, shown from what was read, and its new body stored afterwards off the
 * request's thread, with the others read meanwhile ({@link #KEEP_EVERY}); a body is only stored if
 * nothing it shows changed since its snapshot.
 */
@Component
public final class DocumentedPages {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentedPages.class);
    private static final CertificateReader.Detail WHOLE = new CertificateReader.Detail(CertificatesController.ASSET_CAP, false);

    /**
     * How often new bodies are written. Every write gives later requests a new snapshot, and a
     * new snapshot makes every list's total count again ({@link TotalCounts}); storing each page's
     * bodies as it was read made every request of a busy minute a new question (1.8 requests/s
     * instead of tens on the 1,000,000-certificate inventory). In one transaction every ten
     * seconds, storing costs each question at most one count per ten seconds.
     */
    static final Duration KEEP_EVERY = Duration.ofSeconds(10);
    /** Bodies waiting to be written are dropped past this (they are built again when a page asks for them). */
    private static final long PENDING_BYTES = 64L << 20;

    private final CertificateDocuments documents;
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("certificate-documents").unstarted(runnable));
    private final Map<Long, CertificateDocuments.Built> pending = new LinkedHashMap<>();
    private long pendingBytes;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();

    public DocumentedPages(CertificateDocuments documents) {
        this.documents = documents;
        keeper.scheduleWithFixedDelay(this::flush, KEEP_EVERY.toMillis(), KEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A certificate on the page with the root issuer's name, when the root is in the inventory. */
    private record Placed(CertificateDocument document, Optional<DistinguishedName> root) {}

    /** The JSON array of the certificates with these ids, in this order, as {@code scope} sees them. */
    CertViewJson.Buffer page(InventorySnapshot snapshot, List<Long> ids, Scope scope) {
        Map<Long, Placed> placed = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        Map<Long, CertificateDocuments.Held> held = snapshot.documents(ids);
        for (Long id : ids) {
            CertificateDocuments.Held h = held.get(id);
            Optional<CertificateDocument> document = h.body().flatMap(CertificateDocument::decode);
            if (document.isPresent()) {
                placed.put(id, new Placed(document.get(), h.root()));
            } else {
                missing.add(id);
            }
        }
        stored.addAndGet(placed.size());
        if (!missing.isEmpty()) {
            List<CertificateRow> rows = snapshot.rows(missing, Scope.everything(), WHOLE);
            Map<Long, List<Long>> tags = snapshot.tagIdsOfAssets(rows.stream()
                    .flatMap(row -> row.assets().stream()).map(AssetRow::id).distinct().toList());
            List<CertificateDocuments.Built> fresh = new ArrayList<>(rows.size());
            for (CertificateRow row : rows) {
                CertificateDocument document = CertificateDocument.of(row, tags);
                placed.put(row.id(), new Placed(document, Optional.of(row.rootIssuer())));
                fresh.add(new CertificateDocuments.Built(row.id(), held.get(row.id()).stamp(), row.rootCerthash(),
                        document.encode()));
            }
            built.addAndGet(rows.size());
            keep(fresh);
        }
        // A scoped caller's view of a certificate served on more assets than a body holds is read in full.
        Map<Long, CertificateRow> whole = new HashMap<>();
        List<Long> beyond = ids.stream().filter(id -> placed.containsKey(id) && !placed.get(id).document().serves(scope)).toList();
        if (!beyond.isEmpty()) {
            snapshot.rows(beyond, scope, WHOLE).forEach(row -> whole.put(row.id(), row));
        }
        // Sized for the bodies, so that 400 KB of page is not copied over again as it grows.
        CertViewJson.Buffer out = new CertViewJson.Buffer(placed.values().stream()
                .mapToInt(p -> p.document().length()).sum() + 1024);
        Optional<Set<Long>> scopeTags = scope instanceof Scope.Tags tags ? Optional.of(Set.copyOf(tags.tagIds()))
                : Optional.empty();
        out.write('[');
        boolean first = true;
        for (Long id : ids) {
            Placed p = placed.get(id);
            if (p == null) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            CertificateRow row = whole.get(id);
            if (row != null) {
                CertViewJson.Buffer one = CertViewJson.render(json -> CertViewJson.certificate(json, row, false));
                out.write(one.bytes(), 0, one.length());
            } else {
                p.document().write(out, p.root(), scopeTags);
            }
        }
        out.write(']');
        return out;
    }

    private void keep(List<CertificateDocuments.Built> fresh) {
        synchronized (pending) {
            for (CertificateDocuments.Built body : fresh) {
                if (pendingBytes + body.body().length > PENDING_BYTES) {
                    return;
                }
                CertificateDocuments.Built before = pending.put(body.certificateId(), body);
                pendingBytes += body.body().length - (before == null ? 0 : before.body().length);
            }
        }
    }

    /** Writes the bodies that wait, in one transaction. */
    private void flush() {
        List<CertificateDocuments.Built> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending.values());
            pending.clear();
            pendingBytes = 0;
        }
        try {
            kept.addAndGet(documents.keep(batch));
        } catch (RuntimeException e) {
            LOG.debug("certificate documents not stored (they are built again when asked): {}", e.getMessage());
        }
    }

    /** How pages were put together so far: certificates shown from stored bodies, built anew, and bodies stored. */
    record Tally(long stored, long built, long kept) {}

    Tally tally() {
        return new Tally(stored.get(), built.get(), kept.get());
    }

    /** Writes the bodies that wait now, and waits until they are stored (or dropped). */
    void awaitKept() throws Exception {
        keeper.submit(this::flush).get(30, TimeUnit.SECONDS);
    }

    /** Finishes storing what waits (a few seconds at most), and says how pages were put together. */
    @PreDestroy
    void stop() throws InterruptedException {
        keeper.submit(this::flush);
        keeper.shutdown();
        keeper.awaitTermination(5, TimeUnit.SECONDS);
        LOG.info("certificate documents: {} read stored, {} built, {} stored", stored.get(), built.get(), kept.get());
    }
}
