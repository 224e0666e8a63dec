package io.certatlas.store.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Tags;
import io.certatlas.store.renewal.RenewalLedger;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pass that reads only what changed must leave every rule's alerts exactly where a whole pass
 * leaves them. Each rule here has a twin that is evaluated in whole every time; a seeded run of
 * scans (certificates replaced and renewed, grades and findings moving, failed handshakes),
 * tags put on and taken off, and the clock moving across renewal points and expiry windows is
 * followed, and after every step both twins must have the same alerts firing, having fired and
 * resolved as often. Most of the changes-only passes must not have been whole.
 */
class IncrementalPassTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final CertificateFacts ROOT = SampleCertificates.root("Pass Root CA");
    static final CertificateFacts CA = SampleCertificates.intermediate("Pass Issuing CA", ROOT);
    static final List<String> HOSTS = List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com");
    static final List<String> GRADES = List.of("A", "A", "B", "C", "F");
    static final List<ObservedFinding> FINDINGS = List.of(
            new ObservedFinding(38628, "SSL/TLS Server supports TLSv1.0", 3, ""),
            new ObservedFinding(38169, "SSL Certificate - Self-Signed Certificate", 2, ""),
            new ObservedFinding(38601, "SSL/TLS use of weak RC4 cipher", 4, ""));

    /** Condition, threshold, filter: every condition, with filters that look past the certificate row. */
    static final List<String[]> RULES = List.of(
            new String[] {"OVERDUE", "", ""},
            new String[] {"OVERDUE", "0.5", "asset.tags.name:PCI"},
            new String[] {"STALE", "", ""},
            new String[] {"EXPIRES_WITHIN", "30", ""},
            new String[] {"EXPIRES_WITHIN", "7", "instance:(grade:F)"},
            new String[] {"FINDING", "3", ""},
            new String[] {"GRADE_BELOW", "B", "asset.tags.name:PCI"},
            new String[] {"NEW_CERTIFICATE", "", "san:c.example.com"});

    Database db;
    AlertRules rules;
    Inventory inventory;
    RenewalLedger ledger;
    Tags tags;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        rules = new AlertRules(db.dsl());
        inventory = new Inventory(db);
        ledger = new RenewalLedger(db.dsl());
        tags = new Tags(db.dsl());
        tags.create("PCI");
    }

    @AfterEach
    void close() {
        db.close();
    }

    record Twin(AlertRule changes, AlertRule whole) {}

    @Test
    void passesThatReadChangesLeaveTheAlertsWhereWholePassesLeaveThem() {
        Random random = new Random(20261204);
        List<Twin> twins = new ArrayList<>();
        for (String[] r : RULES) {
            twins.add(new Twin(rule(r, "changes"), rule(r, "whole")));
        }
        // Three certificates per host, lifetimes 47 to 398 days, placed so that the run (about two
        // days) crosses the 7-day expiry window of the first, half the lifetime of the second and
        // two thirds of the third, each some hours after it starts.
        List<CertificateFacts> pool = new ArrayList<>();
        for (String host : HOSTS) {
            for (int generation = 0; generation < 3; generation++) {
                Duration lifetime = Duration.ofDays(List.of(47, 90, 398).get(random.nextInt(3)));
                Duration later = Duration.ofHours(random.nextInt(36));
                Instant from = switch (generation) {
                    case 0 -> T0.minus(lifetime).plus(Duration.ofDays(7)).plus(later);
                    case 1 -> T0.minus(lifetime.dividedBy(2)).plus(later);
                    default -> T0.minus(lifetime.multipliedBy(2).dividedBy(3)).plus(later);
                };
                pool.add(SampleCertificates.leaf(host, CA, from, lifetime));
            }
        }
        List<String> endpoints = List.of("10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6");
        Instant now = T0;
        int changesPasses = 0;
        int wholePasses = 0;
        for (int step = 0; step < 70; step++) {
            int what = random.nextInt(10);
            if (what < 6) {
                String address = endpoints.get(random.nextInt(endpoints.size()));
                List<CertificateFacts> chain = random.nextInt(8) == 0 ? List.of() : List.of(pool.get(random.nextInt(pool.size())), CA);
                List<ObservedFinding> findings = FINDINGS.stream().filter(f -> random.nextBoolean()).toList();
                inventory.record(seen(address, now, chain, GRADES.get(random.nextInt(GRADES.size())), findings));
            } else if (what < 8) {
                now = now.plus(Duration.ofMinutes(30 + random.nextInt(6 * 60)));
            } else {
                List<UUID> assets = db.dsl().resultQuery("select uuid from asset order by id").fetch(0, UUID.class);
                if (!assets.isEmpty()) {
                    UUID asset = assets.get(random.nextInt(assets.size()));
                    if (random.nextBoolean()) {
                        tags.tagAssets("PCI", List.of(asset));
                    } else {
                        tags.untagAssets("PCI", List.of(asset));
                    }
                }
            }
            ledger.refresh();
            for (Twin twin : twins) {
                AlertEvaluation read = rules.evaluate(twin.changes(), now, now, false);
                db.dsl().execute("update alert_rule set swept = null where id = ?", twin.whole().id());
                AlertEvaluation whole = rules.evaluate(twin.whole(), now, now, false);
                assertThat(whole.whole()).isTrue();
                if (read.whole()) {
                    wholePasses++;
                } else {
                    changesPasses++;
                }
                assertThat(firing(twin.changes())).as("step %d, %s %s %s at %s", step, twin.changes().condition(),
                        twin.changes().threshold(), twin.changes().filter(), now).isEqualTo(firing(twin.whole()));
                assertThat(history(twin.changes())).as("step %d, %s history", step, twin.changes().name())
                        .isEqualTo(history(twin.whole()));
            }
        }
        assertThat(changesPasses).as("passes that read changes only").isGreaterThan(wholePasses * 2);
        // The run exercised every rule: each has fired at some point.
        for (Twin twin : twins) {
            assertThat(db.dsl().fetchCount(db.dsl().selectFrom("alert_state").where("rule_id = ?", twin.whole().id())))
                    .as("alerts of %s", twin.whole().name()).isPositive();
        }
    }

    @Test
    void aTagEditAsksForAWholePassAndTheNextPassReadsChangesAgain() {
        AlertRule grade = rule(new String[] {"GRADE_BELOW", "B", "asset.tags.name:PCI"}, "one");
        inventory.record(seen("10.1.0.1", T0, List.of(pool0(), CA), "F", List.of()));
        assertThat(rules.evaluate(grade, T0, T0, false).whole()).isTrue();
        assertThat(rules.evaluate(grade, T0, T0, false).whole()).isFalse();
        UUID asset = db.dsl().resultQuery("select uuid from asset").fetchOne(0, UUID.class);
        tags.tagAssets("PCI", List.of(asset));
        AlertEvaluation afterTag = rules.evaluate(grade, T0, T0, false);
        assertThat(afterTag.whole()).isTrue();
        assertThat(afterTag.fired()).isEqualTo(1);
        AlertEvaluation next = rules.evaluate(grade, T0, T0, false);
        assertThat(next.whole()).isFalse();
        assertThat(next.certificatesRead() + next.endpointsRead()).isZero();
    }

    @Test
    void aFilterThatReadsTheClockIsEvaluatedInWholeEveryPass() {
        assertThat(AlertRules.dependsOnTheClock("expiryGroup:\"In 30 Days\"", T0)).isTrue();
        assertThat(AlertRules.dependsOnTheClock("validToDate<now+2d", T0)).isTrue();
        assertThat(AlertRules.dependsOnTheClock("san:c.example.com and instance:(grade:F)", T0)).isFalse();
        assertThat(AlertRules.dependsOnTheClock("", T0)).isFalse();
    }

    private static CertificateFacts pool0() {
        return SampleCertificates.leaf("a.example.com", CA, T0.minus(Duration.ofDays(10)), Duration.ofDays(90));
    }

    private AlertRule rule(String[] spec, String twin) {
        AlertCondition condition = AlertCondition.valueOf(spec[0]);
        return rules.create(new AlertRule(0, UUID.randomUUID(), spec[0] + " " + spec[1] + " " + spec[2] + " " + twin, spec[2],
                condition, condition.threshold(spec[1]), true, Optional.empty(), Optional.empty(), "UTC", Optional.empty(),
                List.of(), "test", Instant.now(), Optional.empty()), List.of());
    }

    private static Observation seen(String address, Instant at, List<CertificateFacts> chain, String grade,
                                    List<ObservedFinding> findings) {
        return new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.2"),
                        Map.of("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")), grade, grade, Optional.empty())),
                chain, findings, "SCAN", at);
    }

    private Set<String> firing(AlertRule rule) {
        return new TreeSet<>(db.dsl().resultQuery("select subject from alert_state where rule_id = ? and status = 'FIRING'", rule.id())
                .fetch(0, String.class));
    }

    /** Every subject with its status and whether it ever resolved (a resolved one that fires again starts anew). */
    private Set<String> history(AlertRule rule) {
        return new TreeSet<>(db.dsl().resultQuery("select subject || ' ' || status || ' ' || (resolved is not null) from alert_state"
                + " where rule_id = ?", rule.id()).fetch(0, String.class));
    }
}
