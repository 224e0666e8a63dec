package io.certatlas.store.read;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import io.certatlas.store.ReadReplica;
import io.certatlas.store.StatementRows;
import io.certatlas.store.access.Scope;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.AssetRow.InterfaceRow;
import io.certatlas.store.read.AssetRow.TagRef;
import io.certatlas.store.read.InstanceRow.FindingRow;
import io.certatlas.x509.DistinguishedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads certificates and their assets for the API. Every page is read on one connection with a
 * fixed number of statements whatever its size: the page of ids (filter, scope, sort and paging
 * done by PostgreSQL), then the certificates, the links to the caller's visible assets with
 * their instances, the findings, and the assets with interfaces and tags.
 *
 * <p>The rows of a page are read by column position straight from JDBC: a page of 200
 * certificates carries a few thousand rows, and mapping them through generic records by column
 * name cost more than PostgreSQL took to find them. Conditions that come from the caller
 * (filter, scope, sort) are still built and bound by jOOQ.
 */
public final class CertificateReader {

    /** How the certificate table is aliased in filter and sort conditions given to this reader. */
    public static final String CERTIFICATE_ALIAS = "c";
    /** How the asset table is aliased in asset filter and sort conditions given to this reader. */
    public static final String ASSET_ALIAS = "a";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, List<String>>> NAMES_BY_KIND = new TypeReference<>() {};

    static final String DN_COLUMNS = "%1$s_dn, %1$s_name, %1$s_organization, %1$s_organization_unit,"
            + " %1$s_locality, %1$s_state, %1$s_country";

    private final DSLContext db;
    private final Optional<ReadReplica> replica;
    private final DocumentTransactions documentTransactions;

    /** A reader of the primary only. */
    public CertificateReader(DSLContext db) {
        this(db, Optional.empty());
    }

    /**
     * A reader whose snapshots ({@link #snapshot()}: the lists, counts and exports) go to the
     * read replica while it is usable; everything else it reads comes from the primary {@code db}.
     */
    public CertificateReader(DSLContext db, Optional<ReadReplica> replica) {
        this(db, replica, new DocumentTransactions());
    }

    /**
     * As above; snapshots on the primary are named without the transactions in
     * {@code documentTransactions} (those of the {@link CertificateDocuments} this process stores with).
     */
    public CertificateReader(DSLContext db, Optional<ReadReplica> replica, DocumentTransactions documentTransactions) {
        this.db = db;
        this.replica = replica;
        this.documentTransactions = documentTransactions;
    }

    /** What a page of certificates carries besides the basic fields. */
    public record Detail(int assetCap, boolean der) {
        public static final Detail BASIC_WITHOUT_ASSETS = new Detail(0, false);
    }

    /**
     * One page of certificates matching {@code filter} (a condition on alias {@value #CERTIFICATE_ALIAS})
     * within the scope, each with at most {@code detail.assetCap()} of its visible assets (0: none
     * read) and its DER only when {@code detail.der()}.
     */
    public List<CertificateRow> page(Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                                     Page page, Detail detail) {
        return db.connectionResult(connection -> page(connection, filter, scope, sort, page, detail));
    }

    /**
     * Opens a consistent, read-only view of the inventory on one connection, until it is closed:
     * pages read through it see the same committed rows, named by its id. On the read replica
     * when there is one and it is usable now (see {@link ReadReplica}), else on the primary; a
     * replica that fails to open the view is marked unusable and the view opens on the primary.
     */
    public InventorySnapshot snapshot() {
        Optional<Connection> onReplica = replica.flatMap(ReadReplica::connection);
        if (onReplica.isPresent()) {
            try {
                return replicaSnapshot(onReplica.get());
            } catch (SQLException | RuntimeException e) {
                discard(onReplica.get());
                replica.get().failed(e);
            }
        }
        Connection connection = db.configuration().connectionProvider().acquire();
        try {
            connection.setAutoCommit(false);
            String id;
            try (PreparedStatement s = connection.prepareStatement(
                    "set transaction isolation level repeatable read, read only")) {
                s.execute();
            }
            try (PreparedStatement s = connection.prepareStatement("select pg_current_snapshot()::text");
                 ResultSet r = s.executeQuery()) {
                r.next();
                id = documentTransactions.name(r.getString(1));
            }
            return new InventorySnapshot(this, connection, id, true, false);
        } catch (SQLException | RuntimeException e) {
            release(connection, false);
            throw new DataAccessException("could not open a snapshot of the inventory: " + e.getMessage(), e);
        }
    }

    private static final AtomicLong UNNAMED_REPLICA_VIEWS = new AtomicLong();

    /**
     * A view on the replica. On a standby {@code pg_current_snapshot()} lists no transactions in
     * progress (a hot standby keeps them elsewhere), so its text does not tell two views apart.
     * What does is the WAL position replayed: when it is the same before the view is taken and
     * after, and equals all the WAL received, no record was being replayed meanwhile and the view
     * holds exactly the writes up to that position; it is named by it, in a namespace of its own
     * so it can never be taken for a view of the primary. Otherwise the view gets a name used
     * once, and nothing read in it is kept for another request ({@link InventorySnapshot#reusable}).
     */
    private InventorySnapshot replicaSnapshot(Connection connection) throws SQLException {
        long[] before = replayedAndReceived(connection);
        connection.setAutoCommit(false);
        try (PreparedStatement s = connection.prepareStatement(
                "set transaction isolation level repeatable read, read only")) {
            s.execute();
        }
        // The first statement of the transaction takes its snapshot before it reads the positions.
        long[] after = replayedAndReceived(connection);
        boolean exact = before[0] >= 0 && before[0] == after[0] && after[0] == after[1];
        String id = exact ? "replica@" + Long.toHexString(after[0])
                : "replica-unnamed-" + UNNAMED_REPLICA_VIEWS.incrementAndGet();
        return new InventorySnapshot(this, connection, id, exact, true);
    }

    /** The standby's replayed and received WAL positions (-1: none). */
    private static long[] replayedAndReceived(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select coalesce((pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, -1),"
                        + " coalesce((pg_last_wal_receive_lsn() - '0/0'::pg_lsn)::bigint, -2)");
             ResultSet r = s.executeQuery()) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    /** A jOOQ context on one connection, with this reader's dialect and settings. */
    DSLContext on(Connection connection) {
        return DSL.using(connection, db.dialect(), db.settings());
    }

    /** Ends a snapshot's transaction (nothing was written) and gives its connection back to its pool. */
    void release(Connection connection, boolean onReplica) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool tests and replaces a connection it cannot reset; nothing was written.
        } finally {
            if (onReplica) {
                discard(connection);
            } else {
                db.configuration().connectionProvider().release(connection);
            }
        }
    }

    /** A read on the replica broke off: reads go to the primary until a check finds the replica back. */
    void replicaFailed(Exception e) {
        replica.ifPresent(r -> r.failed(e));
    }

    /** Hands a replica connection back to its pool (which tests it before lending it again). */
    private static void discard(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The pool drops a connection it cannot take back.
        }
    }

    List<CertificateRow> page(Connection connection, Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                              Page page, Detail detail) throws SQLException {
        return rowsOf(connection, on(connection), pageIds(connection, filter, scope, sort, page), scope, detail);
    }

    /** The ids of one page of certificates matching {@code filter} within the scope, in page order. */
    List<Long> pageIds(Connection connection, Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                       Page page) {
        return pageIds(connection, filter, scope, sort, page, Optional.empty());
    }

    /**
     * As {@link #pageIds(Connection, Condition, Scope, List, Page)}, knowing how many certificates
     * the filter matches in this snapshot: nothing is read for a page past the last match, and a
     * scoped page skips the first visible certificates when its matches are too rare among them.
     */
    List<Long> pageIds(Connection connection, Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                       Page page, Optional<Matches> matches) {
        if (matches.isPresent() && matches.get().matching() <= page.offset()) {
            return List.of();
        }
        DSLContext local = on(connection);
        if (matches.isPresent() && matches.get().matching() <= FEW_MATCHES) {
            return pageOfFewMatches(local, matches.get().countCondition(), scope, sort, page);
        }
        List<Long> ids = scope instanceof Scope.Tags && page.offset() + page.size() <= SCOPED_CANDIDATES / 2
                && matches.map(m -> m.plentyAmong(SCOPED_CANDIDATES, page.offset() + page.size())).orElse(true)
                ? pageAmongFirstVisible(local, filter, scope, sort, page)
                : List.of();
        if (ids.size() < page.size()) {
            ids = local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                    .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                    .where(filter).and(scope.certificateVisible(CERTIFICATE_ALIAS))
                    .orderBy(sort)
                    .limit(inline(page.size())).offset(inline(page.offset()))
                    .fetch(0, Long.class);
        }
        return ids;
    }

    /** The certificates with these ids, in this order (ids no longer there are left out), with what {@code detail} asks for. */
    List<CertificateRow> rowsOf(Connection connection, List<Long> ids, Scope scope, Detail detail) throws SQLException {
        return rowsOf(connection, on(connection), ids, scope, detail);
    }

    /** The certificates with these ids, in this order, with what {@code detail} asks for. */
    private List<CertificateRow> rowsOf(Connection connection, DSLContext local, List<Long> ids, Scope scope,
                                        Detail detail) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, CertificateRow> byId = certificates(connection, local, ids, scope, detail.der());
        Map<Long, List<AssetRow>> assets = detail.assetCap() > 0
                ? assetsByCertificate(connection, ids, scope.assetVisible(ASSET_ALIAS), detail.assetCap())
                : Map.of();
        List<CertificateRow> rows = new ArrayList<>(ids.size());
        for (Long id : ids) {
            CertificateRow row = byId.get(id);
            if (row != null) {
                rows.add(row.withAssets(assets.getOrDefault(id, List.of())));
            }
        }
        return rows;
    }

    /** A page read by keyset, where it ended, and the rows it can place ({@link KeysetPage}). */
    public record CertificatePage(List<CertificateRow> rows, Optional<SeekPosition> last, List<Waypoint> waypoints) {
        public CertificatePage {
            rows = List.copyOf(rows);
            waypoints = List.copyOf(waypoints);
        }
    }

    /**
     * The page that {@code seek} describes among the certificates matching {@code filter} within
     * the scope, in the order of {@code keys}: the ids by keyset ({@link KeysetQuery}), then the rows.
     */
    CertificatePage keysetPage(Connection connection, Condition filter, Scope scope, List<SortSpec.Key> keys,
                               Seek seek, Detail detail) throws SQLException {
        DSLContext local = on(connection);
        KeysetPage ids = KeysetQuery.ids(local, table(name("certificate")).as(CERTIFICATE_ALIAS),
                filter.and(scope.certificateVisible(CERTIFICATE_ALIAS)), keys, seek);
        return new CertificatePage(rowsOf(connection, local, ids.ids(), scope, detail), ids.last(), ids.waypoints());
    }

    /** How many certificates match {@code filter} within the scope. */
    long count(Connection connection, Condition filter, Scope scope) {
        DSLContext local = on(connection);
        return local.selectCount().from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(filter).and(scope.certificateVisible(CERTIFICATE_ALIAS))
                .fetchOne(0, Long.class);
    }

    /** How many more visible certificates a time-moving filter selects now than it did earlier (may be negative). */
    long countChange(Connection connection, CertificateFilter.CountChange change, Scope scope) {
        var counts = on(connection).select(DSL.count().filterWhere(change.gained()), DSL.count().filterWhere(change.lost()))
                .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(change.region()).and(scope.certificateVisible(CERTIFICATE_ALIAS))
                .fetchOne();
        return (long) counts.value1() - counts.value2();
    }

    /** How many visible assets serving a certificate match {@code assetFilter}. */
    long countAssetsOf(Connection connection, long certificateId, Condition assetFilter, Scope scope) {
        return DSL.using(connection, db.dialect(), db.settings())
                .selectCount().from(table(name("asset")).as(ASSET_ALIAS))
                .where(DSL.condition(SERVES_CERTIFICATE, certificateId))
                .and(assetFilter)
                .and(scope.assetVisible(ASSET_ALIAS))
                .fetchOne(0, Long.class);
    }

    /**
     * One certificate as {@code GET /certview/v1/certificates/{certhash}} shows it: extended, with
     * every visible asset serving it (no cap) and the chain above it as far as the inventory knows it.
     */
    public Optional<CertificateDossier> dossier(String certhash, Scope scope) {
        return db.connectionResult(connection -> {
            DSLContext local = on(connection);
            Optional<Long> id = local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                    .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                    .where(field(name(CERTIFICATE_ALIAS, "certhash"), String.class)
                            .eq(certhash.toLowerCase(java.util.Locale.ROOT)))
                    .and(scope.certificateVisible(CERTIFICATE_ALIAS))
                    .fetchOptional(0, Long.class);
            if (id.isEmpty()) {
                return Optional.<CertificateDossier>empty();
            }
            List<CertificateRow> rows = rowsOf(connection, local, List.of(id.get()), scope,
                    new Detail(Integer.MAX_VALUE, true));
            if (rows.isEmpty()) {
                return Optional.<CertificateDossier>empty();
            }
            return Optional.of(new CertificateDossier(rows.get(0), chainAbove(connection, rows.get(0))));
        });
    }

    /** The longest chain followed upwards: more links than any real chain has, and no loops. */
    private static final int CHAIN_LIMIT = 16;

    /** The issuers of a certificate, nearest first, as far as their certificates are in the inventory. */
    private static List<CertificateDossier.ChainLink> chainAbove(Connection connection, CertificateRow certificate)
            throws SQLException {
        List<CertificateDossier.ChainLink> chain = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        seen.add(certificate.certhash());
        Optional<String> next = certificate.selfSigned() ? Optional.empty() : certificate.issuerCerthash();
        while (next.isPresent() && chain.size() < CHAIN_LIMIT && seen.add(next.get())) {
            List<CertificateDossier.ChainLink> found = new ArrayList<>();
            List<String> issuer = new ArrayList<>();
            StatementRows.forEach(connection, "select certhash, subject_name, type, self_signed, issuer_certhash from certificate"
                    + " where certhash = ?", List.<Object>of(next.get()), r -> {
                found.add(new CertificateDossier.ChainLink(r.getString(1), r.getString(2), r.getString(3)));
                if (!r.getBoolean(4) && r.getString(5) != null) {
                    issuer.add(r.getString(5));
                }
            });
            if (found.isEmpty()) {
                break;
            }
            chain.add(found.get(0));
            next = issuer.stream().findFirst();
        }
        return chain;
    }

    /** How many of a scoped caller's first visible certificates (in page order) a page is sought among first. */
    static final int SCOPED_CANDIDATES = 4_000;

    /**
     * The page, if it lies within the caller's first {@value #SCOPED_CANDIDATES} visible
     * certificates in the requested order: then it is the true page, since no certificate further
     * down can come before it. Why: for a scope of 100,000 assets and a filter on a tag name, the
     * planner cannot know that the tag holds most of the scope, guesses a small set, and builds
     * it in full (seconds) instead of walking the order and stopping after 200 matches. Bounding
     * the candidates bounds that mistake, and testing the filter on each candidate in turn (a
     * subquery the planner cannot turn into a join) stops at the page's end. The filter is that
     * subquery's value, not its WHERE: an expression's AND is evaluated in the order written, so
     * a cheap test written first (the grades of {@code instance.grade:F}) spares the candidates it
     * rules out their lookups of instances, which as conditions of a WHERE ran first. A page not found
     * among them (a filter matching under a few percent of the scope, or the last page) is read by
     * the plain statement, whose plan is then right: few matches.
     */
    private static List<Long> pageAmongFirstVisible(DSLContext local, Condition filter, Scope scope,
                                                    List<? extends OrderField<?>> sort, Page page) {
        var candidates = local.select(DSL.asterisk())
                .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(scope.certificateVisible(CERTIFICATE_ALIAS))
                .orderBy(sort)
                .limit(inline(SCOPED_CANDIDATES))
                .asTable(CERTIFICATE_ALIAS);
        return local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                .from(candidates)
                // Alone, no filter would render as a value of no type, which WHERE refuses; ANDed
                // to true it is true (and a filter is itself: PostgreSQL drops the true). Comparing
                // the filter with noCondition() instead rendered it once more for every page.
                .where(DSL.condition(DSL.field(DSL.select(DSL.field(DSL.and(DSL.trueCondition(), filter))))))
                .orderBy(sort)
                .limit(inline(page.size())).offset(inline(page.offset()))
                .fetch(0, Long.class);
    }

    /**
     * Up to this many matches, a page is read by finding every match first, then sorting them.
     * Walking the sort order instead tests the filter on about {@code pageEnd × certificates /
     * matches} rows: for 640 matches in a million (one team's Ubuntu assets), 212 ms warm against
     * 26-34 ms, and the planner, not knowing how rare the matches are, often walked.
     */
    static final int FEW_MATCHES = 5_000;

    /**
     * The page among few matches: the matches found from the filter's count form (made to start
     * from the few rows that match), then sorted. OFFSET 0 keeps the matches a query of their own,
     * read in full before the sort: otherwise the planner, not knowing how few they are, may walk
     * the sort index and test the filter on each row it passes. Read as rows, they give the sort
     * its columns where they are found, from V31's index of id and time of update for the default
     * order: handing their ids over as an array read each one a second time (the manager's page
     * of one team's Ubuntu assets, 640 matches: 10.8 to 8.8 ms).
     */
    private static List<Long> pageOfFewMatches(DSLContext local, Condition countCondition, Scope scope,
                                               List<? extends OrderField<?>> sort, Page page) {
        var matching = local.select(DSL.asterisk())
                .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(countCondition).and(scope.certificateVisible(CERTIFICATE_ALIAS))
                .offset(inline(0))
                .asTable(CERTIFICATE_ALIAS);
        return local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                .from(matching)
                .orderBy(sort)
                .limit(inline(page.size())).offset(inline(page.offset()))
                .fetch(0, Long.class);
    }

    /** The certificate with this hash if the caller may see it, with its DER, without assets. */
    public Optional<CertificateRow> find(String certhash, Scope scope) {
        return db.connectionResult(connection -> find(connection, certhash, scope));
    }

    Optional<CertificateRow> find(Connection connection, String certhash, Scope scope) throws SQLException {
        {
            DSLContext local = on(connection);
            Optional<Long> id = local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                    .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                    .where(field(name(CERTIFICATE_ALIAS, "certhash"), String.class)
                            .eq(certhash.toLowerCase(java.util.Locale.ROOT)))
                    .and(scope.certificateVisible(CERTIFICATE_ALIAS))
                    .fetchOptional(0, Long.class);
            if (id.isEmpty()) {
                return Optional.<CertificateRow>empty();
            }
            return Optional.of(certificates(connection, local, List.of(id.get()), scope, true).get(id.get()));
        }
    }

    /**
     * The visible assets serving a certificate, filtered by {@code assetFilter} (a condition on
     * alias {@value #ASSET_ALIAS}), sorted and paged by PostgreSQL; tags and instances only when asked.
     */
    public List<AssetRow> assetsOf(long certificateId, Condition assetFilter, Scope scope,
                                   List<? extends OrderField<?>> sort, Page page,
                                   boolean withTags, boolean withInstances) {
        return db.connectionResult(connection -> assetsOf(connection, certificateId, assetFilter, scope, sort, page,
                withTags, withInstances));
    }

    List<AssetRow> assetsOf(Connection connection, long certificateId, Condition assetFilter, Scope scope,
                            List<? extends OrderField<?>> sort, Page page,
                            boolean withTags, boolean withInstances) throws SQLException {
        {
            DSLContext local = on(connection);
            List<Long> assetIds = local.select(field(name(ASSET_ALIAS, "id"), Long.class))
                    .from(table(name("asset")).as(ASSET_ALIAS))
                    .where(DSL.condition(SERVES_CERTIFICATE, certificateId))
                    .and(assetFilter)
                    .and(scope.assetVisible(ASSET_ALIAS))
                    .orderBy(sort)
                    .limit(inline(page.size())).offset(inline(page.offset()))
                    .fetch(0, Long.class);
            if (assetIds.isEmpty()) {
                return List.of();
            }
            Map<Long, List<InstanceRow>> instances = withInstances
                    ? links(connection, List.of(certificateId), ASSET_ID_LISTED, List.<Object>of((Object) assetIds.toArray(Long[]::new)))
                            .stream().collect(groupingBy(Link::assetId, LinkedHashMap::new, mapping(Link::instance, toList())))
                    : Map.of();
            Map<Long, AssetRow> assets = assetRows(connection, assetIds, withTags, instances);
            return assetIds.stream().map(assets::get).toList();
        }
    }

    private static final String ASSET_ID_LISTED = "a.id = any(?)";
    /** The asset aliased {@value #ASSET_ALIAS} serves the certificate whose id is bound. */
    private static final String SERVES_CERTIFICATE = "exists (select 1 from instance_certificate ic"
            + " join host_instance hi on hi.id = ic.instance_id"
            + " where ic.certificate_id = ? and ic.current and hi.asset_id = a.id)";

    private Map<Long, CertificateRow> certificates(Connection connection, DSLContext local, List<Long> ids, Scope scope,
                                                   boolean withDer) throws SQLException {
        String sql = "select c.id, c.certhash, " + (withDer ? "c.der" : "null") + ", c.serial_number, "
                + DN_COLUMNS.formatted("c.subject") + ", " + DN_COLUMNS.formatted("c.issuer") + ", "
                + DN_COLUMNS.formatted("r.subject")
                + ", c.issuer_certhash, c.root_certhash, c.valid_from, c.valid_to, c.key_size, c.public_key_algorithm,"
                + " c.signature_algorithm, c.self_signed, c.type, c.issuer_category, c.extended_validation,"
                + " c.subject_alternative_names::text, c.key_usage, c.enhanced_key_usage, c.subject_key_identifier,"
                + " c.auth_key_identifier, c.sources, c.imported, c.order_status, c.created, c.updated, c.last_found,"
                + " c.instance_count, c.asset_count"
                + " from certificate c left join certificate r on r.certhash = c.root_certhash where c.id = any(?)";
        Map<Long, CertificateRow> result = new HashMap<>();
        StatementRows.forEach(connection, sql, List.<Object>of((Object) ids.toArray(Long[]::new)), r -> {
            CertificateRow row = toCertificate(r);
            result.put(row.id(), row);
        });
        if (scope instanceof Scope.Tags) {
            // What the caller sees of each certificate's reach, counted inside the scope.
            local.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class), scope.instanceCount(CERTIFICATE_ALIAS),
                            scope.assetCount(CERTIFICATE_ALIAS))
                    .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                    .where(field(name(CERTIFICATE_ALIAS, "id"), Long.class).in(ids))
                    .fetch()
                    .forEach(counts -> result.computeIfPresent(counts.value1(),
                            (id, row) -> row.withCounts(counts.value2(), counts.value3())));
        }
        return result;
    }

    private static CertificateRow toCertificate(ResultSet resultSet) throws SQLException {
        Columns r = new Columns(resultSet);
        long id = r.longValue();
        String certhash = r.string().trim();
        byte[] der = Optional.ofNullable(r.bytes()).orElse(new byte[0]);
        String serialNumber = r.string();
        DistinguishedName subject = r.distinguishedName();
        DistinguishedName issuer = r.distinguishedName();
        Optional<DistinguishedName> storedRoot = r.optionalDistinguishedName();
        Optional<String> issuerCerthash = Optional.ofNullable(r.string()).map(String::trim);
        Optional<String> rootCerthash = Optional.ofNullable(r.string()).map(String::trim);
        Instant validFrom = r.instant();
        Instant validTo = r.instant();
        int keySize = r.intValue();
        String publicKeyAlgorithm = r.string();
        String signatureAlgorithm = r.string();
        boolean selfSigned = r.bool();
        // Without the root in the store, the chain's top is the certificate itself or its issuer.
        DistinguishedName root = storedRoot.orElse(selfSigned ? subject : issuer);
        return new CertificateRow(id, certhash, der, serialNumber, subject, issuer, issuerCerthash, root, rootCerthash,
                validFrom, validTo, keySize, publicKeyAlgorithm, signatureAlgorithm, selfSigned,
                r.string(), r.string(), r.bool(), namesByKind(r.string()), r.strings(), r.strings(), r.string(),
                r.string(), r.strings(), r.bool(), r.string(), r.instant(), r.instant(), r.instant(),
                r.intValue(), r.intValue(), List.of());
    }

    /** A current link of a page certificate to an instance on a visible asset. */
    private record Link(long certificateId, long assetId, Instant assetUpdated, InstanceRow instance) {}

    private static final Comparator<Link> NEWEST_ASSET_FIRST = Comparator.comparing(Link::assetUpdated).reversed()
            .thenComparing(Comparator.comparingLong(Link::assetId).reversed());

    /**
     * The instances serving these certificates on the assets that meet {@code assetCondition}
     * (on alias {@value #ASSET_ALIAS}, bound with {@code binds}), with their active findings.
     */
    private List<Link> links(Connection connection, List<Long> certificateIds, String assetCondition, List<Object> binds)
            throws SQLException {
        String sql = """
                select ic.certificate_id, hi.asset_id, a.updated, hi.id, hi.protocol, hi.port, hi.fqdn, hi.service,
                       hi.ssl_protocols, hi.grade
                from instance_certificate ic
                join host_instance hi on hi.id = ic.instance_id
                join asset a on a.id = hi.asset_id
                where ic.certificate_id = any(?) and ic.current and\s""" + assetCondition
                + " order by hi.port, hi.fqdn, hi.id";
        List<Link> links = new ArrayList<>();
        List<Object> allBinds = new ArrayList<>();
        allBinds.add(certificateIds.toArray(Long[]::new));
        allBinds.addAll(binds);
        StatementRows.forEach(connection, sql, allBinds, resultSet -> {
            Columns r = new Columns(resultSet);
            long certificateId = r.longValue();
            long assetId = r.longValue();
            Instant assetUpdated = r.instant();
            InstanceRow instance = new InstanceRow(r.longValue(), r.string(), r.intValue(), r.string(), r.string(),
                    r.strings(), r.string(), List.of());
            links.add(new Link(certificateId, assetId, assetUpdated, instance));
        });
        Map<Long, List<FindingRow>> findings = findingsOf(connection,
                links.stream().map(link -> link.instance().id()).distinct().toList());
        if (findings.isEmpty()) {
            return links;
        }
        return links.stream().map(link -> new Link(link.certificateId(), link.assetId(), link.assetUpdated(),
                link.instance().withFindings(findings.getOrDefault(link.instance().id(), List.of())))).toList();
    }

    /** Each certificate's newest {@code cap} visible assets, each with the instances serving it there. */
    private Map<Long, List<AssetRow>> assetsByCertificate(Connection connection, List<Long> certificateIds,
                                                          Condition assetVisible, int cap) throws SQLException {
        List<Link> links = links(connection, certificateIds, db.render(assetVisible), db.extractBindValues(assetVisible));
        if (links.isEmpty()) {
            return Map.of();
        }
        // certificate -> asset (newest first, capped) -> instances
        Map<Long, LinkedHashMap<Long, List<InstanceRow>>> served = new HashMap<>();
        Map<Long, List<Link>> byCertificate = new HashMap<>();
        links.forEach(link -> byCertificate.computeIfAbsent(link.certificateId(), k -> new ArrayList<>()).add(link));
        byCertificate.forEach((certificateId, certificateLinks) -> {
            LinkedHashMap<Long, List<InstanceRow>> assets = new LinkedHashMap<>();
            certificateLinks.stream().sorted(NEWEST_ASSET_FIRST).forEachOrdered(link -> {
                List<InstanceRow> instances = assets.get(link.assetId());
                if (instances == null && assets.size() < cap) {
                    instances = new ArrayList<>();
                    assets.put(link.assetId(), instances);
                }
                if (instances != null) {
                    instances.add(link.instance());
                }
            });
            // The sort above put instances in asset order; within an asset they keep port order.
            assets.values().forEach(list -> list.sort(Comparator.comparingInt(InstanceRow::port)
                    .thenComparing(InstanceRow::fqdn).thenComparingLong(InstanceRow::id)));
            served.put(certificateId, assets);
        });
        List<Long> assetIds = served.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
        Map<Long, AssetRow> plainAssets = assetRows(connection, assetIds, true, Map.of());
        Map<Long, List<AssetRow>> result = new HashMap<>();
        served.forEach((certificateId, assets) -> {
            List<AssetRow> rows = new ArrayList<>(assets.size());
            assets.forEach((assetId, instances) -> rows.add(plainAssets.get(assetId).withInstances(instances)));
            result.put(certificateId, rows);
        });
        return result;
    }

    private static Map<Long, List<FindingRow>> findingsOf(Connection connection, List<Long> instanceIds) throws SQLException {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<FindingRow>> result = new HashMap<>();
        StatementRows.forEach(connection, "select instance_id, qid, title, severity from finding"
                        + " where instance_id = any(?) and status = 'ACTIVE' order by instance_id, severity desc, qid",
                List.<Object>of((Object) instanceIds.toArray(Long[]::new)),
                r -> result.computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                        .add(new FindingRow(r.getInt(2), r.getString(3), r.getInt(4))));
        return result;
    }

    private static Map<Long, AssetRow> assetRows(Connection connection, List<Long> assetIds, boolean withTags,
                                                 Map<Long, List<InstanceRow>> instances) throws SQLException {
        List<Object> ids = List.<Object>of((Object) assetIds.toArray(Long[]::new));
        Map<Long, List<InterfaceRow>> interfaces = new HashMap<>();
        StatementRows.forEach(connection, "select asset_id, hostname, coalesce(host(address), '')"
                        + " from asset_interface where asset_id = any(?) order by asset_id, id", ids,
                r -> interfaces.computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                        .add(new InterfaceRow(r.getString(2), r.getString(3))));
        Map<Long, List<TagRef>> tags = new HashMap<>();
        if (withTags) {
            StatementRows.forEach(connection, "select at.asset_id, t.name, t.uuid from asset_tag at join tag t on t.id = at.tag_id"
                            + " where at.asset_id = any(?) order by at.asset_id, lower(t.name)", ids,
                    r -> tags.computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                            .add(new TagRef(r.getString(2), r.getObject(3, UUID.class))));
        }
        Map<Long, AssetRow> result = new HashMap<>();
        StatementRows.forEach(connection, """
                select a.id, a.uuid, a.name, a.netbios_name, a.operating_system, a.was_url,
                       coalesce(host(a.primary_ip), ''), a.created, a.updated, a.certificate_count
                from asset a where a.id = any(?)
                """, ids, resultSet -> {
            Columns r = new Columns(resultSet);
            long id = r.longValue();
            result.put(id, new AssetRow(id, r.uuid(), r.string(), r.string(), r.string(), r.string(), r.string(),
                    r.instant(), r.instant(), r.intValue(), interfaces.getOrDefault(id, List.of()),
                    tags.getOrDefault(id, List.of()), instances.getOrDefault(id, List.of())));
        });
        return result;
    }

    /** Each instance's accepted suites, protocol to suite names, as recorded; instances with none are absent. */
    Map<Long, Map<String, List<String>>> cipherSuites(Connection connection, List<Long> instanceIds) throws SQLException {
        Map<Long, Map<String, List<String>>> result = new HashMap<>();
        if (instanceIds.isEmpty()) {
            return result;
        }
        StatementRows.forEach(connection, "select id, cipher_suites::text from host_instance where id = any(?)",
                List.<Object>of((Object) instanceIds.toArray(Long[]::new)),
                r -> result.put(r.getLong(1), namesByKind(r.getString(2))));
        return result;
    }

    private static Map<String, List<String>> namesByKind(String json) {
        if (json == null || json.isBlank() || json.equals("{}")) {
            return Map.of();
        }
        return JSON.readValue(json, NAMES_BY_KIND);
    }

    /** Reads the columns of the current row in select order. */
    static final class Columns {
        private final ResultSet r;
        private int next = 1;

        Columns(ResultSet r) {
            this.r = r;
        }

        long longValue() throws SQLException {
            return r.getLong(next++);
        }

        int intValue() throws SQLException {
            return r.getInt(next++);
        }

        boolean bool() throws SQLException {
            return r.getBoolean(next++);
        }

        String string() throws SQLException {
            return r.getString(next++);
        }

        byte[] bytes() throws SQLException {
            return r.getBytes(next++);
        }

        UUID uuid() throws SQLException {
            return r.getObject(next++, UUID.class);
        }

        Instant instant() throws SQLException {
            return r.getObject(next++, OffsetDateTime.class).toInstant();
        }

        List<String> strings() throws SQLException {
            Array array = r.getArray(next++);
            if (array == null) {
                return List.of();
            }
            return List.of((String[]) array.getArray());
        }

        DistinguishedName distinguishedName() throws SQLException {
            return new DistinguishedName(string(), string(), string(), strings(), string(), string(), string());
        }

        /** A left-joined name: absent when its first column is null. */
        Optional<DistinguishedName> optionalDistinguishedName() throws SQLException {
            if (r.getString(next) == null) {
                next += 7;
                return Optional.empty();
            }
            return Optional.of(distinguishedName());
        }
    }
}
