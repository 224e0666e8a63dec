package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.testing.PostgresServer;
import io.certatlas.store.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
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
