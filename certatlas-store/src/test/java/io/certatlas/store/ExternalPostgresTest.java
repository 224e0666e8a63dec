package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.demo.DemoInventory;
import io.certatlas.store.testing.DebianPostgres;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a PostgreSQL it did not start (Debian's, another major version than the embedded
 * one, reached by URL and password as with {@code --db-url}): the migrations apply, the demo
 * inventory is written and read back, and a server that goes away and comes back is used again
 * by the same pool, without reopening the store.
 */
class ExternalPostgresTest {

    static DebianPostgres postgres;
    static Database database;

    @BeforeAll
    static void open() {
        postgres = DebianPostgres.start();
        database = Database.open(new StoreLocation.JdbcUrl(postgres.jdbcUrl(), Optional.of(postgres.user()),
                Optional.of(postgres.password())));
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migratesWritesAndReadsTheDemoInventoryThenSurvivesTheServerRestarting() {
        assertThat(database.embeddedServer()).isEmpty();
        assertThat(database.dsl().fetchValue("SHOW server_version").toString()).startsWith(postgres.version() + ".");
        var summary = DemoInventory.fill(database);
        long certificates = ((Number) database.dsl().fetchValue("SELECT count(*) FROM certificate")).longValue();
        assertThat(certificates).isEqualTo(summary.certificates()).isGreaterThan(1000);

        postgres.stopAbruptly();
        assertThatThrownBy(() -> database.dsl().fetchValue("SELECT count(*) FROM certificate"))
                .satisfies(failure -> assertThat(ConnectionFailure.causes(failure)).as("a connection failure").isTrue());

        postgres.startAgain();
        assertThat(((Number) database.dsl().fetchValue("SELECT count(*) FROM certificate")).longValue())
                .isEqualTo(certificates);
    }
}
