package io.certatlas.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path temp;

    @Test
    void startsMigratesKeepsDataAcrossRestartsAndGuardsThePassword() throws Exception {
        Path dir = temp.resolve("data");
        try (Database db = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests())) {
            assertThat(db.embeddedServer()).get().extracting(EmbeddedPostgres::owned).isEqualTo(true);
            db.dsl().execute("INSERT INTO tag (uuid, name) VALUES (gen_random_uuid(), 'Production')");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("postgres.password"))))
                .isEqualTo("rw-------");
        int port = Integer.parseInt(Files.readString(dir.resolve("postgres.port")).strip());
        try (Database db = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests())) {
            assertThat(db.embeddedServer().orElseThrow().port()).isEqualTo(port);
            assertThat(db.dsl().fetchValue("SELECT name FROM tag")).isEqualTo("Production");
        }
    }

    @Test
    void aSecondOpenJoinsTheRunningServerInsteadOfStartingAnother() {
        Path dir = temp.resolve("shared");
        try (Database first = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests());
             Database second = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests())) {
            assertThat(second.embeddedServer().orElseThrow().owned()).isFalse();
            assertThat(second.embeddedServer().orElseThrow().port()).isEqualTo(first.embeddedServer().orElseThrow().port());
            first.dsl().execute("INSERT INTO tag (uuid, name) VALUES (gen_random_uuid(), 'DMZ')");
            assertThat(second.dsl().fetchValue("SELECT count(*) FROM tag")).isEqualTo(1L);
            second.close();
            // The joined process leaves the server running for its owner.
            assertThat(first.dsl().fetchValue("SELECT count(*) FROM tag")).isEqualTo(1L);
        }
    }

    @Test
    void aTakenPortIsReplacedAndSaidSo() throws Exception {
        Path dir = temp.resolve("moved");
        int oldPort;
        try (Database db = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests())) {
            oldPort = db.embeddedServer().orElseThrow().port();
        }
        try (var blocker = new java.net.ServerSocket(oldPort, 1, java.net.InetAddress.getLoopbackAddress());
             Database db = Database.open(StoreLocation.dataDirectory(dir), EmbeddedPostgres.Settings.forTests())) {
            assertThat(db.embeddedServer().orElseThrow().port()).isNotEqualTo(oldPort);
            assertThat(db.notices()).singleElement().asString().contains("port " + oldPort).contains("is taken");
        }
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsAClearError() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> EmbeddedPostgres.start(file))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("--data-dir");
    }

    @Test
    void onlyPasswordLoginsOnLoopbackAreAccepted() throws Exception {
        EmbeddedPostgres pg = TestDatabase.embedded();
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong"))
                .hasMessageContaining("password authentication failed");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void freshTestDatabasesAreMigratedAndIndependent() {
        try (Database a = TestDatabase.fresh(); Database b = TestDatabase.fresh()) {
            a.dsl().execute("INSERT INTO tag (uuid, name) VALUES (gen_random_uuid(), 'Finance')");
            assertThat(a.dsl().fetchValue("SELECT count(*) FROM tag")).isEqualTo(1L);
            assertThat(b.dsl().fetchValue("SELECT count(*) FROM tag")).isEqualTo(0L);
            assertThat(b.dsl().fetchValue("SELECT count(*) FROM flyway_schema_history")).isNotEqualTo(0L);
        }
    }
}
