package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.ReadReplica;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.testing.DebianPostgres;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.x509.CertificateFacts;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API with its list, count and export reads on a streaming replica (Debian's PostgreSQL, a
 * hot standby made by {@code pg_basebackup -R}), as {@code serve --db-read-url} runs. Replay on
 * the standby is paused to tell where a read went: a certificate written on the primary then is
 * missing from the lists, counts, instances and the export (read on the replica), while the
 * single-certificate answer (read on the primary) has it. Past the lag bound, and with the
 * standby stopped, the lists come from the primary instead, without an error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaApiTest {

    /** Long enough for a few requests after a write, short enough to wait past in a test. */
    private static final Duration MAX_LAG = Duration.ofSeconds(4);

    static DebianPostgres primary;
    static DebianPostgres standby;
    static RunningServer server;
    static ReadReplica replica;
    static String token;
    private static final CertificateFacts ISSUER = SampleCertificates.root("Replica Test Root");

    @BeforeAll
    static void start() {
        primary = DebianPostgres.start();
        standby = primary.standby();
        Database database = Database.open(new StoreLocation.JdbcUrl(primary.jdbcUrl(), Optional.of(primary.user()),
                        Optional.of(primary.password())),
                new ReadReplica.Settings(new StoreLocation.JdbcUrl(standby.jdbcUrl(), Optional.of(standby.user()),
                        Optional.of(standby.password())), MAX_LAG));
        replica = database.readReplica().orElseThrow();
        SampleInventory.fill(database);
        server = RunningServer.on(database);
        token = server.adminToken();
        long certificates = database.dsl().fetchCount(database.dsl().selectFrom("certificate"));
        awaitTrue("the replica caught up with the sample inventory", () -> replica.usable()
                && total(list()) == certificates);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    @Order(1)
    void listsCountsInstancesAndExportsAreReadOnTheReplicaWhileWritesAndOwnReadsUseThePrimary() {
        String before = list().body();
        long total = total(list());
        standby.pauseReplay();
        try {
            CertificateFacts added = record("paused.example.test", "127.0.0.51");

            assertThat(server.get("/certview/v1/certificates/" + added.certhash(), token).statusCode())
                    .as("the one-certificate answer reads the primary").isEqualTo(200);
            HttpResponse<String> v1 = list();
            assertThat(v1.body()).as("v1 list, on the replica with replay paused").doesNotContain(added.certhash());
            assertThat(total(v1)).isEqualTo(total);
            assertThat(v1.body()).isEqualTo(before);
            assertThat(server.post("/certview/v2/certificates", token, "{\"pageSize\": 50}").body())
                    .doesNotContain(added.certhash());
            assertThat(server.post("/certview/v1/certificates/count", token, "{}").body())
                    .isEqualTo("{\"count\":" + total + "}");
            assertThat(server.post("/certview/v2/instances", token, "{\"pageSize\": 50}").body())
                    .contains("web1.example.test").doesNotContain("paused.example.test");
            assertThat(server.get("/api/v1/export.csv", token).body()).doesNotContain(added.certhash());
            assertThat(replica.usable()).as("the reads above were within the lag bound").isTrue();
        } finally {
            standby.resumeReplay();
        }
        Instant resumed = Instant.now();
        awaitTrue("the new certificate in the replica-read list", () -> list().body().contains("paused.example.test"));
        assertThat(Duration.between(resumed, Instant.now())).isLessThan(MAX_LAG);
        assertThat(total(list())).isEqualTo(total + 1);
    }

    @Test
    @Order(2)
    void aReplicaLaggingPastTheBoundIsSkippedAndUsedAgainOnceCaughtUp() {
        awaitUsable();
        standby.pauseReplay();
        CertificateFacts late;
        try {
            late = record("lagging.example.test", "127.0.0.52");
            Instant written = Instant.now();
            awaitTrue("the new certificate in the list, from the primary once the replica lags too far",
                    () -> list().body().contains(late.certhash()));
            // The lag counts from the last measurement before the write, up to one check interval earlier.
            assertThat(Duration.between(written, Instant.now()))
                    .as("read on the replica until the lag passed the bound").isGreaterThan(MAX_LAG.dividedBy(2));
            assertThat(server.post("/certview/v1/certificates/count", token, "{}").body())
                    .isEqualTo("{\"count\":" + total(list()) + "}");
            assertThat(server.get("/api/v1/export.csv", token).body()).contains(late.certhash());
        } finally {
            standby.resumeReplay();
        }
        awaitUsable();
        standby.pauseReplay();
        try {
            CertificateFacts next = record("caught-up.example.test", "127.0.0.53");
            assertThat(list().body()).as("back on the replica, whose replay is paused again")
                    .contains(late.certhash()).doesNotContain(next.certhash());
        } finally {
            standby.resumeReplay();
        }
    }

    @Test
    @Order(3)
    void aStoppedReplicaLeavesReadsToThePrimaryWithoutAnError() {
        awaitUsable();
        standby.stopAbruptly();
        try {
            CertificateFacts added = record("replica-down.example.test", "127.0.0.54");
            HttpResponse<String> page = list();
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains(added.certhash());
            HttpResponse<String> export = server.get("/api/v1/export.csv", token);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.body()).contains(added.certhash());
            assertThat(server.post("/certview/v2/instances", token, "{\"pageSize\": 50}").body())
                    .contains("replica-down.example.test");
        } finally {
            standby.startAgain();
        }
        awaitUsable();
        assertThat(list().statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> list() {
        HttpResponse<String> response = server.post("/certview/v1/certificates", token, "{\"pageSize\": 200}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static long total(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("X-Total-Count").orElseThrow());
    }

    /** Writes a new certificate served at a new asset, on the primary. */
    private static CertificateFacts record(String host, String address) {
        CertificateFacts leaf = SampleCertificates.leaf(host, ISSUER);
        new Inventory(server.database).record(new Observation(
                Optional.of(new ObservedAsset(address, host, "", "", "")),
                Optional.of(SampleInventory.instance(443, "https", host, "A")), List.of(leaf), List.of(),
                "SCAN", Instant.now()));
        return leaf;
    }

    private static void awaitUsable() {
        awaitTrue("the replica usable", replica::usable);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(what + ": not within 30 s");
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
