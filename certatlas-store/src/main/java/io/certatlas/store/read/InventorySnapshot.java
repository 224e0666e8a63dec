package io.certatlas.store.read;

import io.certatlas.store.access.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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

    @Override
    public void close() {
        if (open) {
            open = false;
            reader.release(connection);
        }
    }
}
