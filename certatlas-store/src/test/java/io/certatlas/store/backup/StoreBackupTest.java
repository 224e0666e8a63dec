package io.certatlas.store.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.store.demo.DemoInventory;
import io.certatlas.store.embedded.EmbeddedPostgres;
import io.certatlas.store.testing.DebianPostgres;
import io.certatlas.store.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} on real PostgreSQL: the demo inventory (with a user and the
 * data directory's keys) backed up and restored into a new embedded data directory is the same
 * table by table; a non-empty target, an altered, cut-short or foreign file, and a backup of a
 * newer schema are refused with the target left as it was; a backup taken while another session
 * writes is one snapshot; and a store at an old schema version comes back at the current one.
 */
class StoreBackupTest {

    static String sourceUrl;
    static Database source;
    static Path sourceData;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void fillSource() throws IOException {
        sourceUrl = TestDatabase.freshJdbcUrl();
        source = Database.openMigrated(sourceUrl, TestDatabase.server().user(), TestDatabase.server().password());
        DemoInventory.fill(source);
        new Accounts(source.dsl()).create("alice", "$2a$10$notarealhashbutastoredone", Role.USER, List.of("Finance"));
        sourceData = Files.createTempDirectory("certatlas-backup-source-");
        Files.writeString(sourceData.resolve("alert-secrets.key"), "a1".repeat(32));
        Files.createDirectories(sourceData.resolve("tls"));
        Files.write(sourceData.resolve("tls/server.p12"), new byte[] {1, 2, 3, 4});
        Files.writeString(sourceData.resolve("postgres.log"), "not a secret, not backed up");
    }

    @AfterAll
    static void close() {
        source.close();
    }

    private static StoreLocation.JdbcUrl location(String url) {
        return new StoreLocation.JdbcUrl(url, Optional.of(TestDatabase.server().user()),
                Optional.of(TestDatabase.server().password()));
    }

    /** A new database with no tables at all, on the test server. */
    private static String emptyDatabase() throws SQLException {
        String name = "backup_target_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(TestDatabase.server().jdbcUrl("postgres"),
                TestDatabase.server().user(), TestDatabase.server().password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return TestDatabase.server().jdbcUrl(name);
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.server().user(), TestDatabase.server().password());
    }

    /** Every table's row count and a digest of all its rows: equal maps mean equal contents. */
    private static Map<String, String> contents(Connection c) throws SQLException {
        Map<String, String> contents = new TreeMap<>();
        for (SchemaCatalog.Table table : SchemaCatalog.tables(c)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(t::text, "
                    + "E'\\n' ORDER BY t::text)), '') FROM " + SchemaCatalog.quote(table.name()) + " t")) {
                rs.next();
                contents.put(table.name(), rs.getLong(1) + " rows " + rs.getString(2));
            }
        }
        return contents;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theDemoInventoryRestoredIntoANewDataDirectoryIsTheSameTableByTable() throws Exception {
        Path file = dir.resolve("certatlas.backup");
        BackupSummary backup = StoreBackup.write(location(sourceUrl), sourceData, file, false,
                EmbeddedPostgres.Settings.forTests());
        assertThat(backup.schemaVersion()).isEqualTo(SchemaMigrations.latest().getVersion());
        assertThat(backup.rows()).isGreaterThan(10_000);
        assertThat(backup.secretFiles()).containsExactly("alert-secrets.key", "tls/server.p12");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("certatlas.backup.tmp")).doesNotExist();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.getEntry("tables/flyway_schema_history.copy")).as("Flyway's history is a version, not a table").isNull();
            assertThat(zip.getEntry("tables/certificate.copy")).isNotNull();
            assertThat(zip.getEntry("files/postgres.log")).isNull();
        }

        Path data = dir.resolve("restored");
        RestoreSummary restored = StoreRestore.restore(new StoreLocation.DataDirectory(data), data, file,
                EmbeddedPostgres.Settings.forTests());
        assertThat(restored.rows()).isEqualTo(backup.rows());
        assertThat(restored.schemaVersion()).isEqualTo(backup.schemaVersion());
        assertThat(restored.secretFilesWritten()).containsExactly("alert-secrets.key", "tls/server.p12");
        assertThat(Files.readString(data.resolve("alert-secrets.key"))).isEqualTo("a1".repeat(32));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("alert-secrets.key"))))
                .isEqualTo("rw-------");

        try (Database target = Database.open(new StoreLocation.DataDirectory(data), EmbeddedPostgres.Settings.forTests());
             Connection restoredConnection = target.dataSource().getConnection();
             Connection sourceConnection = connect(sourceUrl)) {
            Map<String, String> expected = contents(sourceConnection);
            assertThat(contents(restoredConnection)).isEqualTo(expected);
            assertThat(count(restoredConnection, "SELECT count(*) FROM certificate")).isGreaterThan(1000)
                    .isEqualTo(count(sourceConnection, "SELECT count(*) FROM certificate"));
            // The trigger-kept ledger came back as it was, not counted a second time by the load.
            assertThat(count(restoredConnection, "SELECT sum(assets) FROM certificate_tag"))
                    .isEqualTo(count(sourceConnection, "SELECT sum(assets) FROM certificate_tag"));
            assertThat(new Accounts(target.dsl()).find("alice")).get()
                    .satisfies(a -> assertThat(a.role()).isEqualTo(Role.USER));
            // New rows get ids past the restored ones.
            new Accounts(target.dsl()).create("bob", "$2a$10$another", Role.MANAGER, List.of());

            // A store that holds data is refused, and keeps its rows.
            Map<String, String> before = contents(restoredConnection);
            assertThatThrownBy(() -> StoreRestore.restore(new StoreLocation.DataDirectory(data), data, file,
                    EmbeddedPostgres.Settings.forTests()))
                    .isInstanceOf(RestoreRefusedException.class)
                    .hasMessageContaining("is not empty: it holds rows in")
                    .hasMessageContaining("certificate");
            assertThat(contents(restoredConnection)).isEqualTo(before);
        }

        assertThatThrownBy(() -> StoreBackup.write(location(sourceUrl), sourceData, file, false,
                EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupWriteException.class).hasMessageContaining("already exists")
                .hasMessageContaining("--force");
        assertThat(StoreBackup.write(location(sourceUrl), sourceData, file, true, EmbeddedPostgres.Settings.forTests())
                .rows()).isEqualTo(backup.rows());
    }

    @Test
    void anAlteredCutShortForeignOrNewerFileIsRefusedAndTheTargetStaysEmpty() throws Exception {
        Path file = dir.resolve("good.backup");
        StoreBackup.write(location(sourceUrl), sourceData, file, false, EmbeddedPostgres.Settings.forTests());
        byte[] good = Files.readAllBytes(file);
        String target = emptyDatabase();

        // One byte flipped inside the certificates' data.
        long offset;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            offset = zip.stream().filter(e -> e.getName().equals("tables/certificate.copy")).findFirst().orElseThrow()
                    .getCompressedSize() / 2;
        }
        byte[] flipped = good.clone();
        int at = indexOf(good, "tables/certificate.copy".getBytes()) + 100 + (int) offset;
        flipped[at] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.backup"), flipped);
        assertThatThrownBy(() -> StoreRestore.restore(location(target), dir, tampered, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupFileException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("tables/certificate.copy");

        Path truncated = Files.write(dir.resolve("truncated.backup"), java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> StoreRestore.restore(location(target), dir, truncated, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupFileException.class)
                .hasMessageContaining("is not a CertAtlas backup, or it was cut short");

        Path foreign = Files.writeString(dir.resolve("notes.txt"), "just some text\n");
        assertThatThrownBy(() -> StoreRestore.restore(location(target), dir, foreign, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupFileException.class).hasMessageContaining("is not a CertAtlas backup");

        Path newer = rewriteManifest(file, dir.resolve("newer.backup"), "\"schemaVersion\" : \"999\"");
        assertThatThrownBy(() -> StoreRestore.restore(location(target), dir, newer, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupFileException.class)
                .hasMessageContaining("comes from a newer CertAtlas: its schema version is 999");

        assertThatThrownBy(() -> StoreRestore.restore(location(target), dir, dir.resolve("missing.backup"),
                EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(BackupFileException.class).hasMessageContaining("no backup file");

        String foreignTables = emptyDatabase();
        try (Connection c = connect(foreignTables); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (line text)");
        }
        assertThatThrownBy(() -> StoreRestore.restore(location(foreignTables), dir, file, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("holds tables that are not CertAtlas's (notes)");

        try (Connection c = connect(target)) {
            assertThat(SchemaCatalog.tables(c)).as("nothing was created in the target").isEmpty();
            assertThat(SchemaCatalog.hasFlywayHistory(c)).isFalse();
        }
        assertThat(dir.resolve("alert-secrets.key")).doesNotExist();

        // The good file goes into an empty store that already has the schema (and the row a
        // migration writes itself, which the backup's replaces).
        String migrated = TestDatabase.freshJdbcUrl();
        assertThat(SchemaMigrations.tablesFilledByMigrations()).contains("renewal_watermark")
                .doesNotContain("certificate", "asset", "app_user", "tag");
        RestoreSummary restored = StoreRestore.restore(location(migrated), dir, file, EmbeddedPostgres.Settings.forTests());
        try (Connection c = connect(migrated)) {
            assertThat(count(c, "SELECT count(*) FROM certificate")).isEqualTo(rows(StoreBackupTest.manifest(file), "certificate"));
            assertThat(count(c, "SELECT count(*) FROM renewal_watermark")).isEqualTo(1);
        }
        assertThat(restored.secretFilesWritten()).containsExactly("alert-secrets.key", "tls/server.p12");
    }

    private static BackupManifest manifest(Path file) {
        try (BackupArchive archive = BackupArchive.open(file)) {
            return archive.manifest();
        }
    }

    @Test
    void aBackupTakenWhileAnotherSessionWritesIsOneSnapshot() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long tagsBefore;
        long assetsBefore;
        try (Connection c = connect(sourceUrl)) {
            tagsBefore = count(c, "SELECT count(*) FROM tag");
            assetsBefore = count(c, "SELECT count(*) FROM asset");
        }
        // Each transaction adds one asset and one tag: any snapshot holds as many of one as of the other.
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = connect(sourceUrl)) {
                c.setAutoCommit(false);
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO asset (uuid, identity) VALUES ('" + UUID.randomUUID() + "', 'host:w" + i + ".write.example')");
                        s.execute("INSERT INTO tag (uuid, name) VALUES ('" + UUID.randomUUID() + "', 'written-" + i + "')");
                    }
                    c.commit();
                    committed.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            for (int i = 0; i < 500 && committed.get() < 20; i++) {
                Thread.sleep(10);
            }
            int atStart = committed.get();
            Path file = dir.resolve("while-writing.backup");
            StoreBackup.write(location(sourceUrl), sourceData, file, false, EmbeddedPostgres.Settings.forTests());
            assertThat(committed.get()).as("the writer committed while the backup ran").isGreaterThan(atStart);
            BackupManifest manifest;
            try (BackupArchive archive = BackupArchive.open(file)) {
                archive.verify();
                manifest = archive.manifest();
            }
            long tags = rows(manifest, "tag") - tagsBefore;
            long assets = rows(manifest, "asset") - assetsBefore;
            assertThat(tags).isPositive().isEqualTo(assets);
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    void aStoreAtAnOlderSchemaVersionComesBackAtTheCurrentOneWithItsRows() throws Exception {
        String old = emptyDatabase();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(old);
        ds.setUser(TestDatabase.server().user());
        ds.setPassword(TestDatabase.server().password());
        SchemaMigrations.migrateTo(ds, org.flywaydb.core.api.MigrationVersion.fromVersion("4"));
        try (Connection c = connect(old); Statement s = c.createStatement()) {
            // Rows as schema version 4 has them (app_user still with failed_logins, dropped by V5).
            s.execute("INSERT INTO tag (uuid, name) VALUES (gen_random_uuid(), 'Finance')");
            s.execute("INSERT INTO asset (uuid, identity, name) VALUES (gen_random_uuid(), 'host:old.example', 'old.example')");
            s.execute("INSERT INTO asset_tag SELECT a.id, t.id FROM asset a, tag t");
            s.execute("INSERT INTO app_user (uuid, username, password_hash, role, failed_logins)"
                    + " VALUES (gen_random_uuid(), 'carol', '$2a$10$old', 'USER', 2)");
            s.execute("INSERT INTO user_scope_tag SELECT u.id, t.id FROM app_user u, tag t");
            s.execute("""
                    INSERT INTO certificate (certhash, der, serial_number, subject_dn, subject_name, subject_organization,
                        subject_organization_unit, subject_locality, subject_state, subject_country, issuer_dn, issuer_name,
                        issuer_organization, issuer_organization_unit, issuer_locality, issuer_state, issuer_country,
                        valid_from, valid_to, public_key_algorithm, key_size, signature_algorithm, self_signed, type,
                        issuer_category, extended_validation, is_ca)
                    VALUES (repeat('ab', 32), '\\x3000', '01', 'CN=old.example', 'old.example', '', '{}', '', '', '',
                        'CN=Old CA', 'Old CA', '', '{}', '', '', '', now() - interval '1 day', now() + interval '300 days',
                        'RSA', 2048, 'SHA256withRSA', false, 'Leaf', 'unapproved', false, false)""");
            s.execute("INSERT INTO host_instance (asset_id, port) SELECT id, 443 FROM asset");
            s.execute("INSERT INTO instance_certificate (instance_id, certificate_id, chain_position)"
                    + " SELECT h.id, c.id, 0 FROM host_instance h, certificate c");
        }
        Path file = dir.resolve("v4.backup");
        BackupSummary backup = StoreBackup.write(location(old), dir.resolve("no-data-dir"), file, false,
                EmbeddedPostgres.Settings.forTests());
        assertThat(backup.schemaVersion()).isEqualTo("4");
        assertThat(backup.secretFiles()).isEmpty();

        // An empty store already at the current version cannot be taken back to version 4.
        String current = TestDatabase.freshJdbcUrl();
        assertThatThrownBy(() -> StoreRestore.restore(location(current), dir, file, EmbeddedPostgres.Settings.forTests()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("newer than the backup's 4");

        String target = emptyDatabase();
        RestoreSummary restored = StoreRestore.restore(location(target), dir, file, EmbeddedPostgres.Settings.forTests());
        assertThat(restored.backupSchemaVersion()).isEqualTo("4");
        assertThat(restored.schemaVersion()).isEqualTo(SchemaMigrations.latest().getVersion());
        try (Connection c = connect(target)) {
            assertThat(SchemaCatalog.schemaVersion(c)).contains(SchemaMigrations.latest().getVersion());
            assertThat(count(c, "SELECT count(*) FROM app_user WHERE username = 'carol' AND token_generation = 0")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM certificate WHERE key_weaknesses = '{}'")).isEqualTo(1);
            assertThat(count(c, "SELECT assets FROM certificate_tag")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM renewal_watermark")).as("V10 ran after the load").isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO tag (uuid, name) VALUES (gen_random_uuid(), 'Next')");
            }
            assertThat(count(c, "SELECT max(id) FROM tag")).isEqualTo(2);
        }
    }

    @Test
    void aBackupOfTheEmbeddedPostgresql17RestoresIntoDebiansPostgresql15WhichBacksUpTheSameRows() throws Exception {
        Path file = dir.resolve("to-15.backup");
        StoreBackup.write(location(sourceUrl), sourceData, file, false, EmbeddedPostgres.Settings.forTests());
        Map<String, String> expected;
        try (Connection c = connect(sourceUrl)) {
            expected = contents(c);
        }
        try (DebianPostgres debian = DebianPostgres.start()) {
            StoreLocation.JdbcUrl external = new StoreLocation.JdbcUrl(debian.jdbcUrl(), Optional.of(debian.user()),
                    Optional.of(debian.password()));
            RestoreSummary restored = StoreRestore.restore(external, dir.resolve("data-15"), file,
                    EmbeddedPostgres.Settings.forTests());
            assertThat(restored.schemaVersion()).isEqualTo(SchemaMigrations.latest().getVersion());
            try (Connection c = DriverManager.getConnection(debian.jdbcUrl(), debian.user(), debian.password())) {
                assertThat(SchemaCatalog.serverVersion(c)).startsWith(debian.version() + ".");
                assertThat(contents(c)).isEqualTo(expected);
            }
            // Backed up again from PostgreSQL 15: as many rows and bytes of COPY text, table by table (the
            // rows' order on disk may differ, so the checksums may).
            Path back = dir.resolve("from-15.backup");
            BackupSummary fromDebian = StoreBackup.write(external, dir.resolve("data-15"), back, false,
                    EmbeddedPostgres.Settings.forTests());
            assertThat(fromDebian.secretFiles()).containsExactly("alert-secrets.key", "tls/server.p12");
            try (BackupArchive original = BackupArchive.open(file); BackupArchive again = BackupArchive.open(back)) {
                again.verify();
                assertThat(again.manifest().postgresVersion()).startsWith(debian.version() + ".");
                assertThat(again.manifest().tables()).extracting(t -> t.name() + " " + t.rows() + " rows " + t.bytes() + " bytes")
                        .isEqualTo(original.manifest().tables().stream()
                                .map(t -> t.name() + " " + t.rows() + " rows " + t.bytes() + " bytes").toList());
            }
        }
    }

    private static long rows(BackupManifest manifest, String table) {
        return manifest.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().rows();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    /** A copy of a backup whose manifest has one field changed (and so a valid zip and checksums otherwise). */
    private static Path rewriteManifest(Path from, Path to, String replacement) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(BackupManifest.ENTRY_NAME)) {
                    bytes = new String(bytes).replaceFirst("\"schemaVersion\" : \"[^\"]*\"", replacement).getBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return to;
    }
}
