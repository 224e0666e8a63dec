package io.certatlas.store.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.jobs.ScanJob;
import io.certatlas.store.jobs.ScanJobQueue;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pruning removes the history the policy lets go, and nothing an operator still needs: current
 * certificates of endpoints, active findings, queued jobs and every ledger count stay as they were.
 */
class RetentionTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Retention Root CA");
    static final CertificateFacts INTERMEDIATE = SampleCertificates.intermediate("Retention Issuing CA", ROOT);
    static final CertificateFacts OLD = SampleCertificates.leaf("old.example.com", INTERMEDIATE);
    static final CertificateFacts RENEWED = SampleCertificates.leaf("old.example.com (renewed)", INTERMEDIATE);
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final ObservedFinding SELF_SIGNED = new ObservedFinding(38169, "SSL Certificate - Self-Signed Certificate", 2, "");
    static final ObservedFinding TLS10 = new ObservedFinding(38628, "SSL/TLS Server supports TLSv1.0", 3, "");

    Database db;
    Retention retention;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        retention = new Retention(db.dsl());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Observation seen(Instant at, List<CertificateFacts> chain, List<ObservedFinding> findings) {
        return new Observation(Optional.of(ObservedAsset.of("10.0.0.9", "old.example.com")),
                Optional.of(new ObservedInstance("tcp", 443, "old.example.com", "https", List.of("TLSv1.2"),
                        Map.of("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")), "A", "A", Optional.empty())),
                chain, findings, "SCAN", at);
    }

    /** An endpoint that replaced its certificate and fixed a finding 30 days after T0, and three jobs. */
    private ScanJob[] fill(Instant now) {
        Inventory inventory = new Inventory(db);
        inventory.record(seen(T0, List.of(OLD, INTERMEDIATE), List.of(TLS10, SELF_SIGNED)));
        inventory.record(seen(T0.plus(Duration.ofDays(30)), List.of(RENEWED, INTERMEDIATE), List.of(TLS10)));
        ScanJobQueue queue = new ScanJobQueue(db.dsl());
        ScanJob old = queue.enqueue("{\"targets\": [\"127.0.0.1\"]}", "test");
        ScanJob recent = queue.enqueue("{\"targets\": [\"127.0.0.2\"]}", "test");
        ScanJob waiting = queue.enqueue("{\"targets\": [\"127.0.0.3\"]}", "test");
        finish(old, now.minus(Duration.ofDays(100)));
        finish(recent, now.minus(Duration.ofDays(10)));
        db.dsl().execute("update scan_job set created = ?::timestamptz where id = ?", now.minus(Duration.ofDays(200)).atOffset(ZoneOffset.UTC), waiting.id());
        return new ScanJob[] {old, recent, waiting};
    }

    private void finish(ScanJob job, Instant at) {
        db.dsl().execute("update scan_job set status = 'FINISHED', started = ?::timestamptz, finished = ?::timestamptz where id = ?",
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), job.id());
    }

    private long count(String sql) {
        return db.dsl().fetchOne(sql).get(0, Long.class);
    }

    private String ledgers() {
        return db.dsl().fetch("select c.subject_name, c.instance_count, c.asset_count from certificate c order by c.subject_name")
                .map(r -> r.get(0) + "=" + r.get(1) + "/" + r.get(2)).toString()
                + db.dsl().fetch("select certificate_count from asset").map(r -> r.get(0)).toString();
    }

    @Test
    void aPolicyPrunesOldHistoryAndKeepsWhatIsCurrent() {
        // By default the inventory's history is kept for ever: an upgrade deletes nothing unasked.
        assertThat(retention.policy()).isEqualTo(new RetentionPolicy(90, 0));
        retention.set(new RetentionPolicy(90, 730));
        Instant now = T0.plus(Duration.ofDays(30 + 731));
        ScanJob[] jobs = fill(now);
        String ledgersBefore = ledgers();

        PruneReport dry = retention.prune(now, true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.rows()).containsEntry("finished scan jobs", 1L).containsEntry("fixed findings", 1L)
                .containsEntry("certificates endpoints no longer serve", 1L);
        assertThat(dry.total()).isEqualTo(3);
        assertThat(count("select count(*) from scan_job")).as("a dry run removes nothing").isEqualTo(3);

        PruneReport pruned = retention.prune(now, false);
        assertThat(pruned.rows()).isEqualTo(dry.rows());
        assertThat(db.dsl().fetch("select uuid from scan_job order by id").map(r -> r.get(0).toString()))
                .containsExactly(jobs[1].uuid().toString(), jobs[2].uuid().toString());
        assertThat(db.dsl().fetch("select qid, status from finding").map(r -> r.get(0) + " " + r.get(1)))
                .containsExactly("38628 ACTIVE");
        assertThat(db.dsl().fetch("""
                select c.subject_name, ic.current from instance_certificate ic join certificate c on c.id = ic.certificate_id
                order by c.subject_name""").map(r -> r.get(0) + "=" + r.get(1)))
                .containsExactly("Retention Issuing CA=true", "old.example.com (renewed)=true");
        assertThat(count("select count(*) from certificate")).as("certificates themselves are kept").isEqualTo(3);
        assertThat(ledgers()).as("counts kept by the ledgers").isEqualTo(ledgersBefore);

        assertThat(retention.prune(now, false).total()).as("nothing left to prune").isZero();
    }

    @Test
    void zeroDaysKeepsThatHistoryForEver() {
        Instant now = T0.plus(Duration.ofDays(5_000));
        fill(now);
        retention.set(new RetentionPolicy(0, 0));
        PruneReport report = retention.prune(now, false);
        assertThat(report.rows()).isEmpty();
        assertThat(count("select count(*) from scan_job")).isEqualTo(3);
        assertThat(count("select count(*) from finding")).isEqualTo(2);

        retention.set(new RetentionPolicy(5, 0));
        assertThat(retention.prune(now, false).rows()).containsOnlyKeys("schedule runs", "finished scan jobs", "alert messages sent")
                .containsEntry("finished scan jobs", 2L);
        assertThat(count("select count(*) from finding")).as("history kept for ever").isEqualTo(2);
    }

    @Test
    void theDailyPruningIsTakenOncePerDayWhicheverServerAsks() {
        Instant now = T0.plus(Duration.ofDays(30 + 731));
        fill(now);
        retention.set(new RetentionPolicy(90, 730));
        assertThat(retention.lastPruned()).isEmpty();
        assertThat(retention.pruneIfDue(now)).hasValueSatisfying(r -> assertThat(r.total()).isEqualTo(3));
        assertThat(new Retention(db.dsl()).pruneIfDue(now.plus(Duration.ofHours(23)))).as("another server, same day").isEmpty();
        assertThat(retention.lastPruned()).contains(now);
        assertThat(retention.pruneIfDue(now.plus(Duration.ofDays(1)))).isPresent();
    }

    @Test
    void aPolicyOutOfRangeIsRefusedSayingWhy() {
        assertThatThrownBy(() -> new RetentionPolicy(-1, 10)).hasMessageContaining("job days must be from 0");
        assertThatThrownBy(() -> new RetentionPolicy(10, 40_000)).hasMessageContaining("history days must be from 0 (keep for ever) to 36500");
    }

    @Test
    void manyOldRowsGoInBatches() {
        Instant now = Instant.parse("2027-06-01T00:00:00Z");
        db.dsl().execute("""
                insert into scan_job (uuid, status, request, created_by, created, finished)
                select gen_random_uuid(), 'FINISHED', '{}'::jsonb, 'test', ?::timestamptz, ?::timestamptz from generate_series(1, ?)""",
                now.minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC), now.minus(Duration.ofDays(399)).atOffset(ZoneOffset.UTC),
                Retention.BATCH * 2 + 17);
        assertThat(retention.prune(now, false).rows()).containsEntry("finished scan jobs", (long) Retention.BATCH * 2 + 17);
        assertThat(count("select count(*) from scan_job")).isZero();
    }
}
