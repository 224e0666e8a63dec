package io.certatlas.benchmarks.qql;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.embedded.EmbeddedPostgres;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Times the first page (200 ids, default sort updated desc, id desc) of twenty representative
 * filters on a generated inventory of 1,000,000 certificates, and records each plan.
 *
 * <pre>
 * benchmarks/scripts/qql-benchmark.sh [--data DIR] [--scale N] [--runs N] [--out FILE] [--parallel-workers N]
 * </pre>
 *
 * The inventory is generated once per data directory by qql-generate-inventory.sql (V1 schema,
 * data, then the V2 and later query indexes built in bulk) and kept for later runs; migrations
 * added since are applied to it before measuring.
 */
public final class QqlFilterBenchmark {

    /** The twenty filters: expiry, issuer, grouped assets, tags, wildcards, qid, grade, ranges. */
    static final List<String> FILTERS = List.of(
            "expiryGroup:In 30 Days",
            "expiryGroup:Expired and type:Leaf",
            "validToDate:[now .. now+7d]",
            "issuer.organization:'Let's Encrypt' and expiryGroup:In 7 Days",
            "issuer.name:`DigiCert TLS RSA SHA256 2020 CA1`",
            "issuerCategory:Self-Signed and type:Leaf",
            "asset:(name:srv-00012* and operatingSystem:Windows*)",
            "asset.name:srv-012345.prod.example.com",
            "asset.tags.name:PCI",
            "asset:(tags.name:Team-042 and operatingSystem:Ubuntu*)",
            "subject.name:*.dept450.example.com",
            "subject.name:host12345*",
            "vulnerability.qid:38606",
            "instance.grade:F",
            "instance:(port:443 and grade:T)",
            "keySize:[1024 .. 2048)",
            "lastFound:[now-7d .. now] and signatureAlgorithm:SHA1withRSA",
            "certhash:(the hash of certificate 42)",
            "asset.interfaces.address:10.1.2.0/24",
            "vulnerability:(qid:38169 and severity>=2) and expiryGroup:In 90 Days");

    private QqlFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path data = Path.of(options.getOrDefault("--data", "benchmarks/target/qql-postgres"));
        double scale = Double.parseDouble(options.getOrDefault("--scale", "1"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "21"));
        Path out = Path.of(options.getOrDefault("--out", "benchmarks/target/qql-results.md"));
        Path script = Path.of(options.getOrDefault("--script", "benchmarks/scripts/qql-generate-inventory.sql"));

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, EmbeddedPostgres.Settings.forTests())) {
            String url = pg.jdbcUrl();
            try (Connection connection = DriverManager.getConnection(url, pg.user(), pg.password())) {
                if (!generated(connection)) {
                    generate(url, pg, connection, script, scale);
                } else {
                    migrate(url, pg, connection);
                }
                // jOOQ's execute logging formats every fetched result at DEBUG: inside the timed
                // section that would be measured as query time.
                DSLContext db = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
                // As the server's connections are (store Database): every statement planned for its values.
                try (var statement = connection.createStatement()) {
                    statement.execute("set plan_cache_mode = force_custom_plan");
                }
                // For comparing plans with and without parallel workers (first pages walk an index and
                // stop early; on two cores workers can double that walk rather than share it).
                String workers = options.get("--parallel-workers");
                if (workers != null) {
                    db.execute("set max_parallel_workers_per_gather = " + Integer.parseInt(workers));
                }
                long certificates = ((Number) db.fetchValue("select count(*) from certificate")).longValue();
                List<String> rows = new ArrayList<>();
                StringBuilder plans = new StringBuilder();
                for (String qql : FILTERS) {
                    String filter = qql.startsWith("certhash:")
                            ? "certhash:" + String.valueOf(db.fetchValue("select certhash from certificate where id = 42")).toUpperCase()
                            : qql;
                    ResultQuery<Record1<Long>> query = firstPage(db, CertificateFilter.compile(filter));
                    for (int i = 0; i < 3; i++) {
                        query.fetch();
                    }
                    long[] nanos = new long[runs];
                    int found = 0;
                    for (int i = 0; i < runs; i++) {
                        long start = System.nanoTime();
                        found = firstPage(db, CertificateFilter.compile(filter)).fetch().size();
                        nanos[i] = System.nanoTime() - start;
                    }
                    Arrays.sort(nanos);
                    double median = nanos[runs / 2] / 1e6;
                    double p95 = nanos[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)] / 1e6;
                    String plan = String.join("\n", db.fetch("explain (analyze, costs off, timing off) " + query.getSQL(),
                            query.getBindValues().toArray()).getValues(0, String.class));
                    // The tag table holds 200 rows: scanning it is cheaper than any index, so it does not count.
                    boolean seqScan = plan.lines().anyMatch(l -> l.contains("Seq Scan") && !l.contains("Seq Scan on tag "));
                    rows.add(String.format("| `%s` | %d | %.1f | %.1f | %s |", filter.replace("|", "\\|"), found, median, p95,
                            seqScan ? "seq scan" : "indexes"));
                    plans.append("### ").append(filter).append("\n\n```\n").append(plan).append("\n```\n\n");
                    System.out.printf("%-75s %4d rows  median %7.1f ms  p95 %7.1f ms  %s%n", filter, found, median, p95,
                            seqScan ? "SEQ SCAN" : "");
                }
                String report = "Certificates: " + certificates + ", runs per filter: " + runs
                        + (workers == null ? "" : ", max_parallel_workers_per_gather = " + workers) + "\n\n"
                        + "| filter | rows | median ms | p95 ms | plan |\n|---|---|---|---|---|\n"
                        + String.join("\n", rows) + "\n\n## Plans (EXPLAIN ANALYZE)\n\n" + plans;
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report);
                System.out.println("written " + out);
            }
        }
    }

    private static ResultQuery<Record1<Long>> firstPage(DSLContext db, CertificateFilter filter) {
        return db.select(field(name(CertificateFilter.ALIAS, "id"), Long.class))
                .from(table(name("certificate")).as(CertificateFilter.ALIAS))
                .where(filter.condition())
                .orderBy(SortSpec.certificates(List.of()).fields())
                .limit(200);
    }

    private static boolean generated(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             var rs = s.executeQuery("select to_regclass('public.certificate') is not null"
                     + " and exists (select 1 from pg_indexes where indexname = 'certificate_updated')")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("select count(*) from certificate")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static void generate(String url, EmbeddedPostgres pg, Connection connection, Path script, double scale)
            throws SQLException, IOException {
        long start = System.nanoTime();
        Flyway.configure().dataSource(url, pg.user(), pg.password()).locations("classpath:db/migration").target("1")
                .load().migrate();
        String sql = scaled(Files.readString(script), scale);
        try (Statement s = connection.createStatement()) {
            for (String statement : sql.split(";\\s*\\n")) {
                String body = statement.lines().filter(l -> !l.startsWith("--") && !l.startsWith("\\")).reduce("", (a, b) -> a + "\n" + b).strip();
                if (!body.isEmpty()) {
                    long t = System.nanoTime();
                    s.execute(body);
                    System.out.printf("%6.1f s  %s%n", (System.nanoTime() - t) / 1e9, body.lines().findFirst().orElse(""));
                }
            }
        }
        long t = System.nanoTime();
        Flyway.configure().dataSource(url, pg.user(), pg.password()).locations("classpath:db/migration").load().migrate();
        System.out.printf("%6.1f s  query indexes (V2 and later)%n", (System.nanoTime() - t) / 1e9);
        try (Statement s = connection.createStatement()) {
            s.execute("vacuum analyze");
        }
        System.out.printf("generated in %s%n", Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The script with every {@code N * :scale} replaced by the whole number it comes to, so that a
     * scale under 1 (0.1: 100,000 certificates) keeps the script's integer arithmetic (ids, links,
     * the port chosen by division).
     */
    static String scaled(String sql, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("--scale must be above 0, for example 0.1, 1 or 10");
        }
        String result = java.util.regex.Pattern.compile("(\\d+) \\* :scale").matcher(sql)
                .replaceAll(m -> Long.toString(Math.max(1, Math.round(Long.parseLong(m.group(1)) * scale))));
        if (result.lines().anyMatch(line -> !line.startsWith("--") && line.contains(":scale"))) {
            throw new IllegalStateException("the generation script uses :scale other than as 'N * :scale'");
        }
        return result;
    }

    /** Brings an inventory generated by an earlier version up to the current migrations (indexes added since). */
    private static void migrate(String url, EmbeddedPostgres pg, Connection connection) throws SQLException {
        long start = System.nanoTime();
        int applied = Flyway.configure().dataSource(url, pg.user(), pg.password()).locations("classpath:db/migration")
                .load().migrate().migrationsExecuted;
        if (applied > 0) {
            try (Statement s = connection.createStatement()) {
                s.execute("vacuum analyze");
            }
            System.out.printf("%d migration(s) applied to the existing inventory in %s%n", applied,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
