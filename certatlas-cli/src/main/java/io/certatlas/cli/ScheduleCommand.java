package io.certatlas.cli;

import io.certatlas.alerts.schedule.CronSchedule;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.scanning.ScanRequest;
import io.certatlas.store.Database;
import io.certatlas.store.alerts.NameInUseException;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.Zone;
import io.certatlas.store.schedule.ScanSchedule;
import io.certatlas.store.schedule.ScanSchedules;
import io.certatlas.store.schedule.ScheduleRun;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code certatlas schedule ...}: the recurring scans of {@code /api/v1/schedules}, on the local
 * store. A running server starts them when due; the runs are scan jobs like any other.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = "Manage recurring scans that the server runs.",
        subcommands = {ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class, ScheduleCommand.Runs.class,
                ScheduleCommand.Enable.class, ScheduleCommand.Disable.class, ScheduleCommand.Delete.class})
public final class ScheduleCommand extends CommandGroup {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);


    static int run(UserCommand.ThrowingAction action) {
        try {
            return UserCommand.run(action);
        } catch (ApiException | NameInUseException e) {
            System.err.println("certatlas: " + e.getMessage());
            return 2;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a recurring scan.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Name of the schedule.")
        String name;

        @Option(names = "--cron", required = true, description = "When: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'.")
        String cron;

        @Option(names = "--zone", defaultValue = "UTC", description = "Time zone the cron expression is read in (default UTC).")
        String zone;

        @Option(names = "--targets", required = true, split = ",", description = "Names, addresses and CIDR ranges to scan.")
        List<String> targets;

        @Option(names = "--ports", defaultValue = "443", description = "Ports, e.g. 443,8443,9000-9010 (default 443).")
        String ports;

        @Option(names = "--exclude", split = ",", description = "Addresses or ranges to leave out.")
        List<String> exclude = List.of();

        @Option(names = "--network-zone", paramLabel = "NAME",
                description = "The network zone whose scanner agents ('certatlas scanner --zone NAME') run its scans (default: none, the servers do).")
        Optional<String> networkZone;

        @Option(names = "--disabled", description = "Add it switched off.")
        boolean disabled;

        @Override
        public Integer call() {
            return ScheduleCommand.run(() -> {
                CronSchedule schedule = CronSchedule.parse(cron, zone);
                Optional<Zone> zone = networkZone.map(String::strip).filter(n -> !n.isEmpty()).map(Zone::new);
                ObjectNode body = JSON.createObjectNode();
                ArrayNode t = body.putArray("targets");
                targets.forEach(t::add);
                body.put("ports", ports);
                ArrayNode x = body.putArray("exclude");
                exclude.forEach(x::add);
                String request = JSON.writeValueAsString(ScanRequest.from(body));
                try (Database db = store.open()) {
                    ScanSchedule added = new ScanSchedules(db.dsl()).create(name.strip(), request, schedule.expression(),
                            schedule.zone().getId(), zone, !disabled, schedule.next(Instant.now()), "cli");
                    System.out.println("added schedule " + added.name() + ", next run " + TIME.format(added.nextRun())
                            + added.networkZone().map(z -> ", run by the agents of zone " + z.name()).orElse("")
                            + (added.enabled() ? "" : " (disabled)"));
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the recurring scans.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return ScheduleCommand.run(() -> {
                try (Database db = store.open()) {
                    for (ScanSchedule s : new ScanSchedules(db.dsl()).list()) {
                        System.out.printf("%-24s %-16s %-8s %-9s next %s  %s%s%n", s.name(), s.cron(), s.zone(),
                                s.enabled() ? "enabled" : "disabled", TIME.format(s.nextRun()), JSON.readTree(s.requestJson()).path("targets"),
                                s.networkZone().map(z -> "  by the agents of zone " + z.name()).orElse(""));
                    }
                }
            });
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Show the latest runs of a schedule.")
    static final class Runs implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Schedule name or id.")
        String name;

        @Override
        public Integer call() {
            return ScheduleCommand.run(() -> {
                try (Database db = store.open()) {
                    ScanSchedules schedules = new ScanSchedules(db.dsl());
                    ScanSchedule schedule = schedules.find(name).orElseThrow(() -> new IllegalArgumentException(
                            "no schedule '" + name + "'; see 'certatlas schedule list'"));
                    for (ScheduleRun run : schedules.runs(schedule.id(), 50)) {
                        System.out.printf("due %s  started %s  %s%n", TIME.format(run.due()), TIME.format(run.started()),
                                run.job().map(ScheduleCommand::describe).orElse("scan job deleted"));
                    }
                }
            });
        }
    }

    static String describe(ScanJob job) {
        return job.status() + ", " + job.done() + "/" + job.total() + " endpoints, " + job.found() + " recorded"
                + (job.error().isEmpty() ? "" : ", error: " + job.error());
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Switch a schedule on.")
    static final class Enable implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Schedule name or id.")
        String name;

        @Override
        public Integer call() {
            return switchTo(store, name, true);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Switch a schedule off (it keeps its history).")
    static final class Disable implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Schedule name or id.")
        String name;

        @Override
        public Integer call() {
            return switchTo(store, name, false);
        }
    }

    private static int switchTo(StoreOptions store, String name, boolean enabled) {
        return ScheduleCommand.run(() -> {
            try (Database db = store.open()) {
                ScanSchedules schedules = new ScanSchedules(db.dsl());
                ScanSchedule s = schedules.find(name).orElseThrow(() -> new IllegalArgumentException(
                        "no schedule '" + name + "'; see 'certatlas schedule list'"));
                // Switched on again, it is next due at its next slot from now: no catch-up of the time it was off.
                Instant next = enabled ? CronSchedule.parse(s.cron(), s.zone()).next(Instant.now()) : s.nextRun();
                schedules.update(new ScanSchedule(s.id(), s.uuid(), s.name(), s.requestJson(), s.cron(), s.zone(), s.networkZone(), enabled, next,
                        s.createdBy(), s.created(), s.updated()));
                System.out.println((enabled ? "enabled" : "disabled") + " schedule " + s.name());
            }
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule and its run history (scan jobs stay).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Schedule name or id.")
        String name;

        @Override
        public Integer call() {
            return ScheduleCommand.run(() -> {
                try (Database db = store.open()) {
                    ScanSchedules schedules = new ScanSchedules(db.dsl());
                    ScanSchedule s = schedules.find(name).orElseThrow(() -> new IllegalArgumentException(
                            "no schedule '" + name + "'; see 'certatlas schedule list'"));
                    schedules.delete(s.id());
                    System.out.println("deleted schedule " + s.name());
                }
            });
        }
    }
}
