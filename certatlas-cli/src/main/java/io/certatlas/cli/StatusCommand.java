package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.status.StoreStatus;
import io.certatlas.store.status.TableSize;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code certatlas status}: the store's PostgreSQL, schema version, certificate count, queued jobs and table sizes. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the store's versions, contents and sizes.",
                "Its PostgreSQL and schema version, the number of certificates and of queued and running",
                "scan jobs, and every table's size and its indexes' (largest first; row counts of the tables",
                "are PostgreSQL's estimates)."})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            System.err.println("certatlas status: --format must be text or json, was " + format);
            return 2;
        }
        StoreStatus status;
        try (Database database = store.openExisting()) {
            status = StoreStatus.read(database);
        }
        if (format.equals("json")) {
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            print(status, System.out);
        }
        return 0;
    }

    static void print(StoreStatus s, PrintStream out) {
        out.println("store:        " + s.location());
        out.println("PostgreSQL:   " + s.serverVersion() + ", schema version " + s.schemaVersion()
                + ", database " + bytes(s.databaseBytes()));
        out.printf(Locale.ROOT, "inventory:    %,d certificates; scan jobs %,d queued, %,d running%n",
                s.certificates(), s.queuedScanJobs(), s.runningScanJobs());
        out.printf(Locale.ROOT, "%n%-32s %14s %12s %12s%n", "table", "rows (est.)", "table", "indexes");
        for (TableSize t : s.tables()) {
            out.printf(Locale.ROOT, "%-32s %,14d %12s %12s%n", t.name(), t.estimatedRows(), bytes(t.tableBytes()),
                    bytes(t.indexBytes()));
        }
    }

    static String bytes(long count) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
