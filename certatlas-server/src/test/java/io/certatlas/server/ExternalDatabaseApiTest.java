package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.testing.DebianPostgres;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API on a PostgreSQL it did not start (Debian's, by URL and password, as {@code serve
 * --db-url} runs): it answers, answers 503 with Retry-After and a JSON message while that
 * database is down (for a bearer token's account lookup as for a page), and answers again once
 * the database is back, without a restart of CertAtlas.
 */
class ExternalDatabaseApiTest {

    static DebianPostgres postgres;
    static RunningServer server;

    @BeforeAll
    static void start() {
        postgres = DebianPostgres.start();
        Database database = Database.open(new StoreLocation.JdbcUrl(postgres.jdbcUrl(), Optional.of(postgres.user()),
                Optional.of(postgres.password())));
        SampleInventory.fill(database);
        server = RunningServer.on(database);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void answersThenSays503WhileTheDatabaseIsDownThenAnswersAgain() throws InterruptedException {
        String token = server.adminToken();
        HttpResponse<String> before = server.post("/certview/v1/certificates", token, "{\"pageSize\": 5}");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(before.body()).contains("\"certhash\"");

        postgres.stopAbruptly();
        // a question the page cache has not seen, so the database is needed
        String question = "{\"filter\": \"expiryGroup:Expired\", \"pageSize\": 7}";
        HttpResponse<String> page = server.post("/certview/v1/certificates", token, question);
        assertUnavailable(page);
        HttpResponse<String> login = server.login("admin", RunningServer.ADMIN_PASSWORD);
        assertUnavailable(login);

        postgres.startAgain();
        // The pool meets its connections to the stopped server one by one and replaces them, so
        // a request or two right after the restart may still be told to try again: always the
        // same clear 503, and within seconds an answer (bounded: 30 tries, half a second apart).
        HttpResponse<String> after = null;
        for (int attempt = 0; attempt < 30 && (after == null || after.statusCode() != 200); attempt++) {
            if (attempt > 0) {
                Thread.sleep(500);
            }
            HttpResponse<String> again = server.login("admin", RunningServer.ADMIN_PASSWORD);
            if (again.statusCode() != 201) {
                assertUnavailable(again);
                continue;
            }
            after = server.post("/certview/v1/certificates", again.body(), question);
            if (after.statusCode() != 200) {
                assertUnavailable(after);
            }
        }
        assertThat(after).isNotNull();
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("\"certhash\"");
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"errorCode\":\"DATABASE_UNAVAILABLE\"", "try again in 5 s");
    }
}
