package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** {@code certatlas retention}: the policy shown and changed, bad values refused, old jobs pruned (and only counted on a dry run). */
class RetentionCommandTest {

    private static CommandCapture.Run run(String... arguments) {
        return CommandCapture.run(new CertAtlasCommand(), arguments);
    }

    @Test
    void showsSetsAndPrunes() {
        String url = TestDatabase.freshJdbcUrl();
        String dbUrl = url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                + "&password=" + TestDatabase.server().password();

        CommandCapture.Run shown = run("retention", "show", "--db-url", dbUrl);
        assertThat(shown.exitCode()).as(shown.both()).isZero();
        assertThat(shown.out()).contains("finished scan jobs, schedule runs, alert messages sent: kept 90 days")
                .contains("dead alert messages, key-audit runs: kept for ever").contains("last daily pruning: never");

        CommandCapture.Run set = run("retention", "set", "--db-url", dbUrl, "--job-days", "30");
        assertThat(set.exitCode()).as(set.both()).isZero();
        assertThat(set.out()).contains("kept 30 days").contains("kept for ever");

        CommandCapture.Run negative = run("retention", "set", "--db-url", dbUrl, "--history-days", "-5");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("history days must be from 0 (keep for ever) to 36500, was -5");
        CommandCapture.Run nothing = run("retention", "set", "--db-url", dbUrl);
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("give --job-days, --history-days or both");

        try (Database database = Database.openMigrated(url, TestDatabase.server().user(), TestDatabase.server().password())) {
            database.dsl().execute("""
                    insert into scan_job (uuid, status, request, created_by, created, finished)
                    select gen_random_uuid(), 'FINISHED', '{}'::jsonb, 'test', now() - interval '40 days', now() - interval '40 days'
                    from generate_series(1, 7)""");
            database.dsl().execute("""
                    insert into scan_job (uuid, status, request, created_by, created, finished)
                    values (gen_random_uuid(), 'FINISHED', '{}'::jsonb, 'test', now() - interval '2 days', now() - interval '2 days')""");
        }
        CommandCapture.Run dry = run("retention", "prune", "--db-url", dbUrl, "--dry-run");
        assertThat(dry.exitCode()).as(dry.both()).isZero();
        assertThat(dry.out()).containsPattern("finished scan jobs +7\\n").contains("would remove 7 rows");
        CommandCapture.Run pruned = run("retention", "prune", "--db-url", dbUrl);
        assertThat(pruned.out()).containsPattern("finished scan jobs +7\\n").contains("removed 7 rows");
        CommandCapture.Run again = run("retention", "prune", "--db-url", dbUrl);
        assertThat(again.out()).contains("removed 0 rows");
    }
}
