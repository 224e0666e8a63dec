package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.retention.PruneReport;
import io.certatlas.store.retention.Retention;
import io.certatlas.store.retention.RetentionPolicy;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certatlas retention ...}: how long history is kept, and pruning it now. A running server
 * prunes once a day by itself (one server of those sharing a database); the policy lives in the
 * database, so every server applies the same one.
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Show or set how long history is kept, or prune it now. Running servers prune once a day."},
        subcommands = {RetentionCommand.Show.class, RetentionCommand.Set.class, RetentionCommand.Prune.class})
public final class RetentionCommand extends CommandGroup {

    static void print(RetentionPolicy policy, Optional<Instant> lastPruned) {
        System.out.println("finished scan jobs, schedule runs, alert messages sent: " + days(policy.jobDays()));
        System.out.println("superseded certificates of endpoints, fixed findings, resolved alerts, dead alert messages,"
                + " key-audit runs: " + days(policy.historyDays()));
        System.out.println("last daily pruning: " + lastPruned.map(Instant::toString).orElse("never"));
    }

    private static String days(int days) {
        return days == 0 ? "kept for ever" : "kept " + days + " days";
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the retention policy.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Database database = store.openExisting()) {
                Retention retention = new Retention(database.dsl());
                print(retention.policy(), retention.lastPruned());
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change the retention policy (0 days keeps for ever).")
    static final class Set implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--job-days", paramLabel = "DAYS",
                description = "Days to keep finished scan jobs, schedule runs and alert messages sent (default: unchanged; initially 90).")
        Optional<Integer> jobDays;

        @Option(names = "--history-days", paramLabel = "DAYS",
                description = "Days to keep certificates an endpoint no longer serves, fixed findings, resolved alerts, dead alert"
                        + " messages and key-audit runs (default: unchanged; initially 0, kept for ever).")
        Optional<Integer> historyDays;

        @Override
        public Integer call() {
            if (jobDays.isEmpty() && historyDays.isEmpty()) {
                System.err.println("certatlas retention set: give --job-days, --history-days or both");
                return 2;
            }
            try (Database database = store.openExisting()) {
                Retention retention = new Retention(database.dsl());
                RetentionPolicy now = retention.policy();
                RetentionPolicy wanted;
                try {
                    wanted = new RetentionPolicy(jobDays.orElse(now.jobDays()), historyDays.orElse(now.historyDays()));
                } catch (IllegalArgumentException e) {
                    System.err.println("certatlas retention set: " + e.getMessage());
                    return 2;
                }
                print(retention.set(wanted), retention.lastPruned());
            }
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Remove the history older than the policy keeps, now; --dry-run only counts it.")
    static final class Prune implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--dry-run", description = "Count what would be removed, remove nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            PruneReport report;
            try (Database database = store.openExisting()) {
                report = new Retention(database.dsl()).prune(Instant.now(), dryRun);
            }
            report.rows().forEach((kind, rows) -> System.out.printf(Locale.ROOT, "%-42s %,12d%n", kind, rows));
            System.out.printf(Locale.ROOT, "%s %,d rows in %.1f s%n", dryRun ? "would remove" : "removed", report.total(),
                    report.took().toMillis() / 1000.0);
            return 0;
        }
    }
}
