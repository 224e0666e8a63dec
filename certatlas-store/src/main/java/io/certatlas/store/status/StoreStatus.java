package io.certatlas.store.status;

import io.certatlas.store.Database;
import java.util.List;
import org.jooq.DSLContext;

/**
 * What an operator asks of a store before anything else: which PostgreSQL, which schema version,
 * how many certificates, and where the bytes are (the tables largest first, with their indexes).
 * Row counts of the tables are PostgreSQL's statistics (live rows as its statistics collector
 * last saw them): exact counts of every table would read all of them; the certificate count is exact.
 */
public record StoreStatus(String location, String serverVersion, String schemaVersion, long databaseBytes,
                          long certificates, long queuedScanJobs, long runningScanJobs, List<TableSize> tables) {

    public StoreStatus {
        tables = List.copyOf(tables);
    }

    public static StoreStatus read(Database database) {
        DSLContext db = database.dsl();
        String serverVersion = db.fetchValue("show server_version").toString();
        String schemaVersion = db.fetchOptional("select version from flyway_schema_history where success"
                        + " order by installed_rank desc limit 1")
                .map(row -> row.get(0, String.class)).orElse("none");
        long databaseBytes = number(db, "select pg_database_size(current_database())");
        long certificates = number(db, "select count(*) from certificate");
        long queued = number(db, "select count(*) from scan_job where status = 'QUEUED'");
        long running = number(db, "select count(*) from scan_job where status = 'RUNNING'");
        List<TableSize> tables = db.fetch("""
                select c.relname, coalesce(s.n_live_tup, greatest(c.reltuples, 0)::bigint),
                       pg_table_size(c.oid), pg_indexes_size(c.oid)
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  left join pg_stat_user_tables s on s.relid = c.oid
                 where c.relkind in ('r', 'p') and n.nspname = current_schema()
                 order by pg_total_relation_size(c.oid) desc, c.relname""")
                .map(row -> new TableSize(row.get(0, String.class), row.get(1, Long.class), row.get(2, Long.class),
                        row.get(3, Long.class)));
        return new StoreStatus(database.toString(), serverVersion, schemaVersion, databaseBytes, certificates, queued,
                running, tables);
    }

    private static long number(DSLContext db, String sql) {
        return ((Number) db.fetchValue(sql)).longValue();
    }
}
