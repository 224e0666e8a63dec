package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that waits in vain for one of the pool's connections, all busy with other work, is
 * told the server is busy (503, Retry-After, DATABASE_BUSY), not that the database is gone; and
 * the next request once a connection is free is answered.
 */
class BusyDatabaseApiTest {

    static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        SampleInventory.fill(server.database);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestThatFindsEveryConnectionBusySaysSoAndTheNextOneIsAnswered() throws Exception {
        String token = server.adminToken();
        String question = "{\"filter\": \"expiryGroup:Expired\", \"pageSize\": 3}";
        HikariDataSource pool = (HikariDataSource) server.database.dataSource();
        List<Connection> held = new ArrayList<>();
        try {
            // The scan runner keeps one connection for its lifetime (its liveness lock); take every other one.
            var state = pool.getHikariPoolMXBean();
            while (state.getTotalConnections() < pool.getMaximumPoolSize() || state.getIdleConnections() > 0) {
                held.add(pool.getConnection());
            }
            assertThat(held).hasSizeGreaterThanOrEqualTo(pool.getMaximumPoolSize() - 1);
            HttpResponse<String> busy = server.post("/certview/v1/certificates", token, question);
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("5");
            assertThat(busy.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(busy.body()).contains("\"errorCode\":\"DATABASE_BUSY\"", "busy with other requests")
                    .doesNotContain("cannot be reached");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        HttpResponse<String> after = server.post("/certview/v1/certificates", token, question);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }
}
