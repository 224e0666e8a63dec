package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.testing.PostgresServer;
import io.certatlas.store.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void anExternalDatabaseByUrlIsMigratedOnOpen() throws Exception {
        PostgresServer pg = TestDatabase.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS external_blank");
            s.execute("CREATE DATABASE external_blank");
        }
        var url = new StoreLocation.JdbcUrl(pg.jdbcUrl("external_blank"), Optional.of(pg.user()), Optional.of(pg.password()));
        try (Database db = Database.open(url)) {
            assertThat(db.embeddedServer()).isEmpty();
            assertThat(db.dsl().fetchValue("SELECT count(*) FROM certificate")).isEqualTo(0L);
        }
    }

    @Test
    void webhookUrlsSavedWithCredentialsLoseThemOnUpgrade() throws Exception {
        PostgresServer pg = TestDatabase.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS webhook_credentials");
            s.execute("CREATE DATABASE webhook_credentials");
        }
        String jdbcUrl = pg.jdbcUrl("webhook_credentials");
        Flyway.configure().dataSource(jdbcUrl, pg.user(), pg.password()).locations("classpath:db/migration").target("23")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(jdbcUrl, pg.user(), pg.password()); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO alert_receiver (uuid, name, kind, settings, created_by) VALUES
                      (gen_random_uuid(), 'with', 'WEBHOOK', '{"url": "https://ops:hunter2@hooks.example.org:8443/certs?x=a@b", "timeoutMs": 10000}', 'test'),
                      (gen_random_uuid(), 'without', 'WEBHOOK', '{"url": "http://127.0.0.1:9000/hook?to=ops@example.org", "timeoutMs": 10000}', 'test'),
                      (gen_random_uuid(), 'mail', 'EMAIL', '{"host": "127.0.0.1", "from": "a@example.org", "to": ["ops@example.org"]}', 'test')""");
        }
        var url = new StoreLocation.JdbcUrl(jdbcUrl, Optional.of(pg.user()), Optional.of(pg.password()));
        try (Database db = Database.open(url)) {
            assertThat(db.dsl().fetch("SELECT name, settings ->> 'url' AS url FROM alert_receiver WHERE kind = 'WEBHOOK' ORDER BY name")
                    .map(r -> r.get("name", String.class) + " " + r.get("url", String.class)))
                    .containsExactly("with https://hooks.example.org:8443/certs?x=a@b", "without http://127.0.0.1:9000/hook?to=ops@example.org");
            assertThat(db.dsl().fetchValue("SELECT settings ->> 'from' FROM alert_receiver WHERE kind = 'EMAIL'")).isEqualTo("a@example.org");
        }
    }

    @Test
    void aWrongPasswordSaysWhatToCheck() {
        PostgresServer pg = TestDatabase.server();
        var url = new StoreLocation.JdbcUrl(pg.jdbcUrl(), Optional.of(pg.user()), Optional.of("not-the-password"));
        assertThatThrownBy(() -> Database.open(url))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining("CERTATLAS_DB_PASSWORD");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedByName() {
        assertThatThrownBy(() -> StoreLocation.JdbcUrl.of("jdbc:mysql://db/certatlas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with jdbc:postgresql:");
        // The refused URL is quoted back without the password it may carry, in either place.
        assertThatThrownBy(() -> StoreLocation.JdbcUrl.of("postgres://u:secretpw@127.0.0.1/x?password=other"))
                .hasMessageContaining("postgres://u:***@127.0.0.1/x?password=***")
                .hasMessageNotContaining("secretpw").hasMessageNotContaining("other");
    }

    @Test
    void aPasswordInTheUrlIsNotPrinted() {
        assertThat(StoreLocation.JdbcUrl.of("jdbc:postgresql://db/certatlas?user=a&password=secret").toString())
                .doesNotContain("secret");
    }
}
