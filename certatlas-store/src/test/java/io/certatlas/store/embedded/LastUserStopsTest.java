package io.certatlas.store.embedded;

import static io.certatlas.store.embedded.OtherProcess.accepts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever started the embedded PostgreSQL, it keeps running while any process still uses it: a
 * {@code serve} that stops while an {@code import} (or a {@code serve} started during its stop)
 * works on the same directory leaves it to them, and the last one out stops it.
 */
class LastUserStopsTest {

    @Test
    void anOwnerThatStopsWhileAnotherProcessUsesTheServerLeavesItRunningForIt(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("data");
        try (OtherProcess owner = OtherProcess.start(dir)) {
            String started = owner.lineStartingWith("started ");
            assertThat(started).as("the other process started the server").isNotNull().endsWith("owned true");
            int port = Integer.parseInt(started.split(" ")[1]);

            EmbeddedPostgres joined = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests());
            assertThat(joined.owned()).as("a live owner's server is joined").isFalse();
            try (Connection c = DriverManager.getConnection(joined.jdbcUrl(), joined.user(), joined.password())) {
                owner.askToClose();
                assertThat(owner.lineStartingWith("closed")).as("the owner closed its side").isNotNull();
                assertThat(owner.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThat(selectOne(c)).as("the session of the process still using it survives the owner's stop")
                        .isEqualTo(1);
                assertThat(accepts(port)).isTrue();
            }
            joined.close();
            assertThat(accepts(port)).as("the last process to leave stopped it").isFalse();

            try (EmbeddedPostgres again = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests())) {
                assertThat(again.owned()).as("and the next one starts it afresh").isTrue();
            }
        } finally {
            EmbeddedPostgres.stopIfRunning(dir);
        }
    }

    @Test
    void withinOneProcessTheServerStopsWhenItsLastUserCloses(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("data");
        try {
            EmbeddedPostgres first = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests());
            EmbeddedPostgres second = EmbeddedPostgres.start(dir, EmbeddedPostgres.Settings.forTests());
            assertThat(first.owned()).isTrue();
            assertThat(second.owned()).isFalse();
            first.close();
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password())) {
                assertThat(selectOne(c)).as("the owner's close leaves it to the other user").isEqualTo(1);
            }
            second.close();
            assertThat(accepts(first.port())).as("the last user's close stops it").isFalse();
        } finally {
            EmbeddedPostgres.stopIfRunning(dir);
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
