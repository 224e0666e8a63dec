package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.qql.QqlParser;
import io.certatlas.qql.Query;
import io.certatlas.store.Database;
import io.certatlas.store.access.Scope;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.PropertyTry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * A filter that moves with time, asked again a little later in the same data, is counted as its
 * earlier total plus what changed among the rows its bounds passed: that sum is exactly a count
 * made from scratch, for random filters (expiry groups, dates relative to now, and everything
 * else RandomQueries writes), random scopes and shifts both ways.
 */
class CountChangeProperties {

    /** Shifts that cross the fixture's validity ends and sightings, which lie on whole hours from NOW. */
    private static final List<Duration> SHIFTS = List.of(Duration.ofSeconds(1), Duration.ofMinutes(59),
            Duration.ofHours(1), Duration.ofSeconds(-1), Duration.ofMinutes(-30), Duration.ofMillis(1));

    /** One of these joins each random filter, so that most of them move with time. */
    private static final List<String> TIMED = List.of("expiryGroup:Expired", "expiryGroup:\"In 30 Days\"",
            "expiryGroup:[Expired, In 7 Days]", "not expiryGroup:\"In 90 Days\"", "validToDate<now+1M",
            "lastFound:[now-2d .. now-1d]", "created>now-200d", "validFromDate<=now-398d", "type:Leaf");

    private static Database db;
    private static CertificateReader reader;
    private static int changedTotals;
    private static int shiftedCounts;

    @BeforeAll
    static void load() {
        db = TestDatabase.fresh();
        QueryFixture.generate(20261206L, 70, 25, 60).insertInto(db);
        // Half the certificates get dates within 70 minutes of a bound the filters use, so that shifts cross some.
        db.dsl().execute("select setseed(0.1206)");
        db.dsl().execute("""
                update certificate set
                    valid_to = ?::timestamptz + (array[0, 7, 30, 90, 398])[1 + floor(random() * 5)::int] * interval '1 day'
                               + (random() - 0.5) * interval '140 minutes',
                    valid_from = ?::timestamptz - interval '398 days' + (random() - 0.5) * interval '140 minutes',
                    last_found = ?::timestamptz - (1 + floor(random() * 2)) * interval '1 day' + (random() - 0.5) * interval '140 minutes',
                    created = ?::timestamptz - interval '200 days' + (random() - 0.5) * interval '140 minutes'
                where random() < 0.5
                """, QueryFixture.NOW.toString(), QueryFixture.NOW.toString(), QueryFixture.NOW.toString(),
                QueryFixture.NOW.toString());
        reader = new CertificateReader(db.dsl());
    }

    @AfterAll
    static void close() {
        try {
            // Totals that never changed, or filters that were never counted by shifting, would prove nothing.
            assertThat(shiftedCounts).as("totals counted by shifting").isGreaterThan(100);
            assertThat(changedTotals).as("shifted totals that changed").isGreaterThan(25);
        } finally {
            db.close();
        }
    }

    @RepeatedTest(200)
    void aShiftedTotalIsTheTotalCountedAgain(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        var random = attempt.random();
        String qql = "(" + new RandomQueries(random.nextLong()).query() + ") "
                + List.of("and", "or", "and not").get(random.nextInt(3)) + " " + TIMED.get(random.nextInt(TIMED.size()));
        List<String> tags = random.nextBoolean() ? List.of() : QueryFixture.someTags(random, 3);
        Duration shift = SHIFTS.get(random.nextInt(SHIFTS.size()));
        attempt.check(qql + " within " + (tags.isEmpty() ? "everything" : tags) + " shifted " + shift, () -> {
            Scope scope = tags.isEmpty() ? Scope.everything() : QueryFixture.scopeOf(db, tags);
            Query query = QqlParser.parse(qql);
            CertificateFilter then = CertificateFilter.of(query, QueryFixture.NOW, scope);
            CertificateFilter later = then.at(QueryFixture.NOW.plus(shift));
            try (InventorySnapshot snapshot = reader.snapshot()) {
                long before = snapshot.countCertificates(then.countCondition(), scope);
                long after = snapshot.countCertificates(later.countCondition(), scope);
                Optional<CertificateFilter.CountChange> change = later.changeSince(QueryFixture.NOW);
                assertThat(change.isPresent()).as("counted by shifting").isEqualTo(later.movesWithTime()
                        && !qql.toLowerCase(Locale.ROOT).contains("overdue"));
                if (change.isPresent()) {
                    shiftedCounts++;
                    assertThat(before + snapshot.countCertificatesChange(change.get(), scope)).as(qql).isEqualTo(after);
                    if (before != after) {
                        changedTotals++;
                    }
                }
            }
        });
    }

    @Test
    void aFilterWithoutTimeDoesNotMove() {
        CertificateFilter filter = CertificateFilter.compile("type:Leaf and keySize<2048", QueryFixture.NOW, Scope.everything());
        assertThat(filter.movesWithTime()).isFalse();
        assertThat(filter.changeSince(QueryFixture.NOW.minusSeconds(1))).isEmpty();
    }

    @Test
    void nowInsideAnExpressionIsCountedAgain() {
        CertificateFilter filter = CertificateFilter.compile("type:Leaf and renewal.overdue:true and validToDate>now-1d",
                QueryFixture.NOW.plusSeconds(1), Scope.everything());
        assertThat(filter.movesWithTime()).isTrue();
        assertThat(filter.changeSince(QueryFixture.NOW)).isEmpty();
    }

    @Test
    void anHourOrMoreApartIsCountedAgain() {
        CertificateFilter filter = CertificateFilter.compile("expiryGroup:Expired", QueryFixture.NOW, Scope.everything());
        assertThat(filter.changeSince(QueryFixture.NOW.minus(Duration.ofHours(1)))).isPresent();
        assertThat(filter.changeSince(QueryFixture.NOW.minus(Duration.ofHours(1)).minusSeconds(1))).isEmpty();
    }
}
