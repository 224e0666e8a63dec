package io.certatlas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.access.Scope;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.testing.DebianPostgres;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.x509.CertificateFacts;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's side of read replicas, on Debian's PostgreSQL with a hot standby made by {@code
 * pg_basebackup -R}: the snapshots lists are read in open on the replica and are named by the WAL
 * position they hold, so that a page kept under that name is only handed out while the replica
 * holds exactly that; a view taken while the replica has WAL left to replay gets a name used
 * once. A URL that is not a standby is never read from.
 */
class ReadReplicaTest {

    static DebianPostgres primary;
    static DebianPostgres standby;
    static Database database;

    @BeforeAll
    static void start() {
        primary = DebianPostgres.start();
        standby = primary.standby();
        database = Database.open(url(primary), new ReadReplica.Settings(url(standby), Duration.ofSeconds(10)));
        awaitTrue(() -> database.readReplica().orElseThrow().usable());
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void replicaViewsAreNamedByTheWalPositionTheyHold() {
        CertificateReader reader = new CertificateReader(database.dsl(), database.readReplica());
        record("first.example.test", "127.0.0.61");
        awaitTrue(() -> count(reader) == 1);
        String quiet;
        try (InventorySnapshot one = reader.snapshot(); InventorySnapshot two = reader.snapshot()) {
            assertThat(one.onReplica()).isTrue();
            assertThat(one.reusable()).isTrue();
            assertThat(one.id()).startsWith("replica@").isEqualTo(two.id());
            quiet = one.id();
        }

        standby.pauseReplay();
        try {
            record("second.example.test", "127.0.0.62");
            // streamed to the standby but not replayed: the view cannot be named by a position
            awaitTrue(() -> {
                try (InventorySnapshot view = reader.snapshot()) {
                    return !view.reusable();
                }
            });
            try (InventorySnapshot one = reader.snapshot(); InventorySnapshot two = reader.snapshot()) {
                assertThat(one.onReplica()).isTrue();
                assertThat(one.countCertificates(DSL.trueCondition(), Scope.everything())).isEqualTo(1);
                assertThat(one.reusable()).isFalse();
                assertThat(one.id()).isNotEqualTo(two.id()).isNotEqualTo(quiet);
            }
        } finally {
            standby.resumeReplay();
        }
        awaitTrue(() -> count(reader) == 2);
        try (InventorySnapshot after = reader.snapshot()) {
            assertThat(after.id()).startsWith("replica@").isNotEqualTo(quiet);
        }
    }

    @Test
    void aReplicaWhoseConnectionsAreAllTakenStaysInUse() throws Exception {
        ReadReplica replica = database.readReplica().orElseThrow();
        List<Connection> taken = new ArrayList<>();
        try {
            for (Optional<Connection> c = replica.connection(); c.isPresent(); c = replica.connection()) {
                taken.add(c.get());
                assertThat(taken).as("the replica pool has a bounded size").hasSizeLessThan(1_000);
            }
            assertThat(taken).isNotEmpty();
            // That read waited, then went to the primary, but the replica is not "gone": it answers the next one.
            assertThat(replica.usable()).isTrue();
            // Nor do the lag checks that run meanwhile queue behind the readers for a connection.
            Thread.sleep(replica.checkInterval().multipliedBy(3).toMillis());
            assertThat(replica.usable()).isTrue();
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
        try (Connection again = replica.connection().orElseThrow()) {
            assertThat(again.isValid(1)).isTrue();
        }
    }

    @Test
    void aUrlThatIsNotAStandbyIsNeverReadFrom() {
        try (Database notAReplica = Database.open(url(primary),
                new ReadReplica.Settings(url(primary), Duration.ofSeconds(10)))) {
            assertThat(notAReplica.readReplica().orElseThrow().usable()).isFalse();
            try (InventorySnapshot view = new CertificateReader(notAReplica.dsl(), notAReplica.readReplica()).snapshot()) {
                assertThat(view.onReplica()).isFalse();
                assertThat(view.id()).doesNotStartWith("replica");
            }
        }
    }

    @Test
    void theLagBoundIsChecked() {
        assertThatThrownBy(() -> new ReadReplica.Settings(url(standby), Duration.ofMillis(50)))
                .hasMessage("--db-read-max-lag must be from 0.1 to 86400 seconds (for example 10), was 0.05");
        assertThat(ReadReplica.checkInterval(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReadReplica.checkInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(200));
    }

    private static long count(CertificateReader reader) {
        try (InventorySnapshot view = reader.snapshot()) {
            return view.countCertificates(DSL.trueCondition(), Scope.everything());
        }
    }

    private static void record(String host, String address) {
        CertificateFacts leaf = SampleCertificates.leaf(host, SampleCertificates.root("Store Replica Test Root"));
        new Inventory(database).record(new Observation(Optional.of(new ObservedAsset(address, host, "", "", "")),
                Optional.empty(), List.of(leaf), List.of(), "SCAN", Instant.now()));
    }

    private static StoreLocation.JdbcUrl url(DebianPostgres server) {
        return new StoreLocation.JdbcUrl(server.jdbcUrl(), Optional.of(server.user()), Optional.of(server.password()));
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Instant end = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
