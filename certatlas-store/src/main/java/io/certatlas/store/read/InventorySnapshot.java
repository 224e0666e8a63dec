package io.certatlas.store.read;

import io.certatlas.store.ConnectionFailure;
import io.certatlas.store.access.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import java.util.function.Consumer;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.exception.DataAccessException;

/**
 * One consistent view of the inventory: a read-only REPEATABLE READ transaction on one pooled
 * connection, open until {@link #close()}. Its {@link #id()} is PostgreSQL's snapshot
 * ({@code xmin:xmax:in-progress}); two views with the same id see exactly the same committed rows,
 * because any write takes a transaction id and so moves {@code xmax} for every later view. That
 * is what makes a page read through one view safe to hand out again for another. A view on the
 * read replica is named by the WAL position it holds instead (see {@link CertificateReader#snapshot()}).
 */
public final class InventorySnapshot implements AutoCloseable {

    private final CertificateReader reader;
    private final Connection connection;
    private final String id;
    private final boolean reusable;
    private final boolean onReplica;
    private boolean open = true;

    InventorySnapshot(CertificateReader reader, Connection connection, String id, boolean reusable, boolean onReplica) {
        this.reader = reader;
        this.connection = connection;
        this.id = id;
        this.reusable = reusable;
        this.onReplica = onReplica;
    }

    /** Equal ids, equal data. */
    public String id() {
        return id;
    }

    /**
     * Whether another view may ever have this id: true for the primary's views and for a
     * replica's view taken at a known WAL position; false for a replica's view taken while it
     * replayed (its id is used once), whose pages and counts are not worth keeping.
     */
    public boolean reusable() {
        return reusable;
    }

    /** Read on the read replica (true) or on the primary. */
    public boolean onReplica() {
        return onReplica;
    }

    /** As {@link CertificateReader#page}, read in this view. */
    public List<CertificateRow> page(Condition filter, Scope scope, List<? extends OrderField<?>> sort, Page page,
                                     CertificateReader.Detail detail) {
        if (!open) {
            throw new IllegalStateException("this snapshot of the inventory is closed");
        }
        try {
            return reader.page(connection, filter, scope, sort, page, detail);
        } catch (SQLException | DataAccessException e) {
            throw failure("a page of certificates", e);
        }
    }

    /** As {@link CertificateReader#page}, but by keyset: the page {@code seek} describes, and where it ended. */
    public CertificateReader.CertificatePage certificates(Condition filter, Scope scope, List<SortSpec.Key> keys,
                                                          Seek seek, CertificateReader.Detail detail) {
        return read("a page of certificates", () -> reader.keysetPage(connection, filter, scope, keys, seek, detail));
    }

    /** The ids of one page of certificates, as {@link #page} would read them, in this view. */
    public List<Long> pageIds(Condition filter, Scope scope, List<? extends OrderField<?>> sort, Page page) {
        return read("a page of certificates", () -> reader.pageIds(connection, filter, scope, sort, page));
    }

    /** As {@link #pageIds(Condition, Scope, List, Page)}, knowing how many certificates the filter matches in this view. */
    public List<Long> pageIds(Condition filter, Scope scope, List<? extends OrderField<?>> sort, Page page, Matches matches) {
        return read("a page of certificates", () -> reader.pageIds(connection, filter, scope, sort, page,
                java.util.Optional.of(matches)));
    }

    /** The certificates with these ids, in this order, as a page carries them, in this view. */
    public List<CertificateRow> rows(List<Long> ids, Scope scope, CertificateReader.Detail detail) {
        return read("a page of certificates", () -> reader.rowsOf(connection, ids, scope, detail));
    }

    /** What this view holds of the stored documents of these certificates ({@link CertificateDocuments}). */
    public java.util.Map<Long, CertificateDocuments.Held> documents(List<Long> ids) {
        return read("stored certificates", () -> CertificateDocuments.held(connection, ids));
    }

    /** The tags of these assets, in this view. */
    public java.util.Map<Long, List<Long>> tagIdsOfAssets(List<Long> assetIds) {
        return read("the tags of assets", () -> CertificateDocuments.tagIdsOfAssets(connection, assetIds));
    }

    /** How many certificates match {@code filter} within the scope, in this view. */
    public long countCertificates(Condition filter, Scope scope) {
        return read("the number of certificates", () -> reader.count(connection, filter, scope));
    }

    /** As {@link CertificateReader#countChange}, in this view: the change in a time-moving filter's count since an earlier instant. */
    public long countCertificatesChange(CertificateFilter.CountChange change, Scope scope) {
        return read("the number of certificates", () -> reader.countChange(connection, change, scope));
    }

    /** A page of the host instances matching {@code filter} (alias {@code hi}) within the scope. */
    public InstancePage instances(Condition filter, Scope scope, List<SortSpec.Key> keys, Seek seek) {
        return read("a page of host instances", () -> InstanceReader.page(connection, local(), filter, scope, keys, seek));
    }

    /** How many host instances match {@code filter} within the scope, in this view. */
    public long countInstances(Condition filter, Scope scope) {
        return read("the number of host instances", () -> InstanceReader.count(local(), filter, scope));
    }

    /** As {@link CertificateReader#find}, in this view. */
    public java.util.Optional<CertificateRow> find(String certhash, Scope scope) {
        return read("a certificate", () -> reader.find(connection, certhash, scope));
    }

    /** As {@link CertificateReader#assetsOf}, in this view. */
    public List<AssetRow> assetsOf(long certificateId, Condition assetFilter, Scope scope,
                                   List<? extends OrderField<?>> sort, Page page, boolean withTags,
                                   boolean withInstances) {
        return read("the assets of a certificate", () -> reader.assetsOf(connection, certificateId, assetFilter, scope,
                sort, page, withTags, withInstances));
    }

    /** How many visible assets serving a certificate match {@code assetFilter}, in this view. */
    public long countAssetsOf(long certificateId, Condition assetFilter, Scope scope) {
        return read("the number of assets", () -> reader.countAssetsOf(connection, certificateId, assetFilter, scope));
    }

    /** The accepted cipher suites (protocol to suite names) of these host instances. */
    public java.util.Map<Long, java.util.Map<String, List<String>>> cipherSuites(List<Long> instanceIds) {
        return read("cipher suites", () -> reader.cipherSuites(connection, instanceIds));
    }

    private DSLContext local() {
        return reader.on(connection);
    }

    /** One read in this view. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> T read(String what, Read<T> read) {
        if (!open) {
            throw new IllegalStateException("this snapshot of the inventory is closed");
        }
        try {
            return read.run();
        } catch (SQLException | DataAccessException e) {
            throw failure(what, e);
        }
    }

    /**
     * Every certificate matching {@code filter} within the scope, in {@code sort} order, handed
     * over {@code batchSize} at a time: the ids come from one server-side cursor (PostgreSQL
     * sends them {@value #CURSOR_FETCH} at a time), and each batch is read whole as a page is. Memory
     * holds one batch, whatever the number of certificates; all of them are read in this view.
     *
     * @return how many certificates were handed over
     */
    public long forEachBatch(Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                             CertificateReader.Detail detail, int batchSize, Consumer<List<CertificateRow>> batches) {
        if (!open) {
            throw new IllegalStateException("this snapshot of the inventory is closed");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000, was " + batchSize);
        }
        Field<Long> id = DSL.field(DSL.name(CertificateReader.CERTIFICATE_ALIAS, "id"), Long.class);
        long handed = 0;
        // The snapshot's transaction keeps the cursor open across the statements that read each batch.
        try (Cursor<Record1<Long>> ids = reader.on(connection).select(id)
                .from(DSL.table(DSL.name("certificate")).as(CertificateReader.CERTIFICATE_ALIAS))
                .where(filter).and(scope.certificateVisible(CertificateReader.CERTIFICATE_ALIAS))
                .orderBy(sort)
                .fetchSize(CURSOR_FETCH)
                .fetchLazy()) {
            List<Long> batch = new ArrayList<>(batchSize);
            while (ids.hasNext()) {
                batch.add(ids.fetchNext().value1());
                if (batch.size() == batchSize || !ids.hasNext()) {
                    List<CertificateRow> rows = reader.page(connection, id.eq(DSL.any(batch.toArray(Long[]::new))), scope,
                            sort, new Page(0, batch.size()), detail);
                    handed += rows.size();
                    batches.accept(rows);
                    batch.clear();
                }
            }
        } catch (SQLException | DataAccessException e) {
            throw failure("a batch of certificates", e);
        }
        return handed;
    }

    /**
     * The failure of a read in this view; a replica that broke off mid-read is marked so at once,
     * and the next view opens on the primary (this read's answer is lost: a 503 asks to retry).
     */
    private DataAccessException failure(String what, Exception e) {
        if (onReplica && ConnectionFailure.causes(e)) {
            reader.replicaFailed(e);
        }
        return e instanceof DataAccessException known ? known
                : new DataAccessException("could not read " + what + ": " + e.getMessage(), e);
    }

    /** How many ids PostgreSQL sends per round trip of the cursor. */
    static final int CURSOR_FETCH = 2_000;

    @Override
    public void close() {
        if (open) {
            open = false;
            reader.release(connection, onReplica);
        }
    }
}
