package io.certatlas.store.read;

import io.certatlas.store.access.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import io.certatlas.store.query.SortSpec;
import org.jooq.Condition;
import org.jooq.DSLContext;
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

    /** As {@link CertificateReader#page}, but by keyset: the page {@code seek} describes, and where it ended. */
    public CertificateReader.CertificatePage certificates(Condition filter, Scope scope, List<SortSpec.Key> keys,
                                                          Seek seek, CertificateReader.Detail detail) {
        return read("a page of certificates", () -> reader.keysetPage(connection, filter, scope, keys, seek, detail));
    }

    /** How many certificates match {@code filter} within the scope, in this view. */
    public long countCertificates(Condition filter, Scope scope) {
        return read("the number of certificates", () -> reader.count(connection, filter, scope));
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
        return reader.local(connection);
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
        } catch (SQLException e) {
            throw new DataAccessException("could not read " + what + ": " + e.getMessage(), e);
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
