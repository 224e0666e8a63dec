package io.certatlas.server.certview;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.MovableClock;
import io.certatlas.server.RunningServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The total of a list whose filter moves with time ({@code X-Total-Count} of expiry groups and
 * dates relative to now) is right at every instant the server's clock shows: a second on, half a
 * minute, twenty minutes, backwards, two hours on, and after a write. Within one snapshot the
 * server counts such a total by adding what changed since it last counted it; each answer here
 * is checked against a count made in SQL at the same instant, for v1 and for v2.
 */
class MovingTotalsApiTest {

    /** Leaves expire every 3 s over four hours around the first instant, and as many 30 days on. */
    private static final int EVERY_SECONDS = 3;
    private static final int SPREAD = 2_400;

    private static final MovableClock CLOCK = new MovableClock();
    private static Instant start;
    private static RunningServer server;
    private static String token;

    @BeforeAll
    static void start() {
        // Behind real time, so that the token the clock stamps is still valid by the system's.
        start = Instant.now().minus(Duration.ofHours(2).plusMinutes(30)).truncatedTo(ChronoUnit.SECONDS).plusMillis(500);
        CLOCK.pin(start);
        server = RunningServer.withClock(CLOCK);
        insert(start, 0);
        insert(start.plus(Duration.ofDays(30)), SPREAD);
        // Issued at the earliest instant the test shows: the server checks a token against its own clock.
        CLOCK.pin(start.minus(Duration.ofMinutes(5)));
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void totalsThatMoveWithTimeAreRightAtEveryInstant() {
        List<String> filters = List.of("expiryGroup:Expired", "expiryGroup:Expired and type:Leaf",
                "expiryGroup:\\\"In 30 Days\\\"", "validToDate<now-10m or expiryGroup:\\\"In 7 Days\\\"",
                "not expiryGroup:Expired and validToDate<=now+30d");
        List<Duration> steps = List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(37),
                Duration.ofMinutes(20), Duration.ofMinutes(-5), Duration.ofHours(2), Duration.ofHours(2).plusSeconds(4));
        for (Duration step : steps) {
            CLOCK.pin(start.plus(step));
            if (step.equals(Duration.ofHours(2))) {
                // A write between two questions: the next totals are of a new snapshot.
                server.database.dsl().execute("update certificate set type = 'Intermediate' where id % 5 = 0");
            }
            for (String filter : filters) {
                long counted = counted(filter, start.plus(step));
                assertThat(total("/certview/v1/certificates", filter)).as("v1 " + filter + " at " + step).isEqualTo(counted);
                assertThat(total("/certview/v2/certificates", filter)).as("v2 " + filter + " at " + step).isEqualTo(counted);
            }
        }
    }

    private static long total(String path, String filter) {
        HttpResponse<String> response = server.post(path, token,
                "{\"filter\": \"" + filter + "\", \"pageNumber\": 0, \"pageSize\": 1}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong(response.headers().firstValue("X-Total-Count").orElseThrow());
    }

    /** The same filter counted in SQL at {@code at}, truncated to the second as the server's questions are. */
    private static long counted(String filter, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        String sql = switch (filter) {
            case "expiryGroup:Expired" -> "valid_to < ?1";
            case "expiryGroup:Expired and type:Leaf" -> "valid_to < ?1 and type = 'Leaf'";
            case "expiryGroup:\\\"In 30 Days\\\"" -> "valid_to >= ?1 and valid_to < ?1 + interval '30 days'";
            case "validToDate<now-10m or expiryGroup:\\\"In 7 Days\\\"" ->
                    "valid_to < ?1 - interval '10 minutes' or (valid_to >= ?1 and valid_to < ?1 + interval '7 days')";
            case "not expiryGroup:Expired and validToDate<=now+30d" ->
                    "not valid_to < ?1 and valid_to < ?1 + interval '30 days' + interval '1 millisecond'";
            default -> throw new IllegalArgumentException(filter);
        };
        String bound = "'" + now + "'::timestamptz";
        return server.database.dsl().fetchOne("select count(*) from certificate where " + sql.replace("?1", bound))
                .get(0, Long.class);
    }

    private static void insert(Instant middle, int first) {
        server.database.dsl().execute("""
                insert into certificate (certhash, der, serial_number, subject_dn, subject_name, subject_organization,
                    subject_organization_unit, subject_locality, subject_state, subject_country, issuer_dn, issuer_name,
                    issuer_organization, issuer_organization_unit, issuer_locality, issuer_state, issuer_country,
                    valid_from, valid_to, public_key_algorithm, key_size, signature_algorithm, self_signed, type,
                    issuer_category, extended_validation, is_ca, subject_alternative_names, san_values, sources, imported,
                    created, updated, last_found)
                select encode(sha256(convert_to('moving totals ' || g, 'UTF8')), 'hex'), sha256(convert_to('moving totals ' || g, 'UTF8')),
                       to_hex(4096 + g), 'CN=host' || g || '.moving.test', 'host' || g || '.moving.test', '', array['Ops'],
                       '', '', 'DE', 'CN=Moving Test CA', 'Moving Test CA', 'CertAtlas Tests', '{}', '', '', 'NL',
                       ?::timestamptz - interval '90 days', ?::timestamptz + (g - ? - ? / 2) * ? * interval '1 second',
                       'EC', 256, 'SHA256withECDSA', false, case when g % 3 = 0 then 'Root' else 'Leaf' end,
                       'unapproved', false, false, jsonb_build_object('DNS Name', jsonb_build_array('host' || g || '.moving.test')),
                       array['host' || g || '.moving.test'], array['IMPORT'], true, now(), now(), now()
                from generate_series(? + 1, ? + ?) g
                """, middle.toString(), middle.toString(), first, SPREAD, EVERY_SECONDS, first, first, SPREAD);
    }
}
