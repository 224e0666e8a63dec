package io.certatlas.store.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger reads the links of its window again only when the window holds something it has not
 * read: a pass with nothing new reads nothing (after a big scan it used to read the whole scan
 * again at every pass for ten minutes' worth of sightings), while a scan that commits late into the
 * window is still read.
 */
class RenewalLedgerTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Ledger Root CA");
    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    Database db;
    Inventory inventory;
    RenewalLedger ledger;

    @BeforeEach
    void open() {
        db = TestDatabase.fresh();
        inventory = new Inventory(db);
        ledger = new RenewalLedger(db.dsl());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRefreshWithNothingNewReadsNothingAndALateScanIsStillRead() {
        inventory.record(served("127.0.0.11", T0, leaf("a.example.test", 0)));
        inventory.record(served("127.0.0.12", T0, leaf("b.example.test", 0)));
        assertThat(ledger.refresh().linksRead()).isEqualTo(2);

        // a.example.test renewed an hour later
        inventory.record(served("127.0.0.11", T0.plus(Duration.ofHours(1)), leaf("a.example.test", 30)));
        RenewalLedger.Refresh renewed = ledger.refresh();
        assertThat(renewed.successors()).isEqualTo(1);
        assertThat(renewed.renewed()).isEqualTo(1);

        for (int pass = 0; pass < 3; pass++) {
            RenewalLedger.Refresh idle = ledger.refresh();
            assertThat(idle.ran()).isTrue();
            assertThat(idle.linksRead()).as("pass %d with nothing recorded", pass).isZero();
        }
        assertThat(new RenewalLedger(db.dsl()).refresh().linksRead())
                .as("another server, or this one after a restart, finds nothing new either").isZero();

        // A scan whose transaction began before the last sighting and committed after the refresh:
        // its sighting is older than the newest, inside the window, and must still be read.
        inventory.record(served("127.0.0.12", T0.plus(Duration.ofMinutes(55)), leaf("b.example.test", 30)));
        RenewalLedger.Refresh late = ledger.refresh();
        assertThat(late.linksRead()).isPositive();
        assertThat(late.successors()).isEqualTo(1);
        assertThat(late.renewed()).isEqualTo(1);
        assertThat(ledger.refresh().linksRead()).isZero();

        ledger.rewind();
        assertThat(ledger.refresh().linksRead()).as("after a rewind every link is read again").isEqualTo(4);
    }

    private static CertificateFacts leaf(String host, int daysLater) {
        return SampleCertificates.leaf(host, ROOT, T0.minus(Duration.ofDays(60)).plus(Duration.ofDays(daysLater)), Duration.ofDays(90));
    }

    private static Observation served(String address, Instant at, CertificateFacts leaf) {
        return new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.2"),
                        Map.of("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")), "A", "A", Optional.empty())),
                List.of(leaf, ROOT), List.of(), "SCAN", at);
    }
}
