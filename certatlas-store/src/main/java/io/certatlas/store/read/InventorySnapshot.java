package io.certatlas.store.read;

import io.certatlas.store.access.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.Condition;
import org.jooq.OrderField;
import org.jooq.exception.DataAccessException;

/**
 * One consistent view of the inventory: a read-only REPEATABLE READ transaction on one pooled
 * connection, open until {@link #close()}. Its {@link #id()} is PostgreSQL's snapshot
 * ({@code xmin:xmax:in-progress}); two views with the same id see exactly the same committed rows,
 * because any write takes a transaction id and so moves {@code xmax} for every later view. That
 * is what makes a page read through one view safe to hand out again for another.
 */
public final class InventorySnapshot implements AutoCloseable {

    private final CertificateReader reader;
    private final Connection connection;
    private final String id;
    private boolean open = true;

    InventorySnapshot(CertificateReader reader, Connection connection, String id) {
        this.reader = reader;
        this.connection = connection;
        this.id = id;
    }

    /** Equal ids, equal data. */
    public String id() {
        return id;
    }

    /** As {@link CertificateReader#page}, read in this view. */
    public List<CertificateRow> page(Condition filter, Scope scope, List<? extends OrderField<?>> sort, Page page,
                                     CertificateReader.Detail detail) {
        if (!open) {
            throw new IllegalStateException("this snapshot of the inventory is closed");
        }
        try {
            return reader.page(connection, filter, scope, sort, page, detail);
        } catch (SQLException e) {
            throw new DataAccessException("could not read a page of certificates: " + e.getMessage(), e);
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
        } catch (SQLException e) {
            throw new DataAccessException("could not read a batch of certificates: " + e.getMessage(), e);
        }
        return handed;
    }

    /** How many ids PostgreSQL sends per round trip of the cursor. */
    static final int CURSOR_FETCH = 2_000;

    @Override
    public void close() {
        if (open) {
            open = false;
            reader.release(connection);
        }
    }
}
