package io.certatlas.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.RunningServer;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.testing.TestPki;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/overview} and {@code GET /api/v1/endpoints/{id}} over HTTPS: scoped like
 * the certificate list, and an overview kept between requests never outlives a change.
 */
class OverviewApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static DashboardInventory inventory;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = DashboardInventory.fill(server.database);
        new Accounts(server.database.dsl()).create("nobody", Passwords.encoder().encode("sees nothing at all"), Role.USER, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode overview(String token) {
        HttpResponse<String> response = server.get("/api/v1/overview", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int listed(String token) {
        return JSON.readTree(server.post("/certview/v1/certificates", token, "{\"pageSize\": 200}").body()).size();
    }

    @Test
    void eachUserCountsWhatTheirListShows() {
        String admin = server.adminToken();
        String prod = server.token("prod", DashboardInventory.PROD_PASSWORD);
        String staging = server.token("staging", DashboardInventory.STAGING_PASSWORD);
        String nobody = server.token("nobody", "sees nothing at all");
        for (String token : List.of(admin, prod, staging, nobody)) {
            assertThat(overview(token).at("/counts/certificates/count").asInt()).isEqualTo(listed(token));
        }
        JsonNode seenByProd = overview(prod);
        JsonNode seenByStaging = overview(staging);
        assertThat(seenByProd.at("/counts/assets/count").asInt()).isEqualTo(1);          // web1
        assertThat(seenByStaging.at("/counts/assets/count").asInt()).isEqualTo(3);       // web2, the RDP host, legacy
        assertThat(seenByProd.at("/counts/sha1/count").asInt()).isZero();
        assertThat(seenByStaging.at("/counts/sha1/count").asInt()).isEqualTo(1);
        assertThat(seenByProd.at("/counts/gradedT/count").asInt()).isZero();
        assertThat(seenByStaging.at("/counts/gradedT/count").asInt()).isEqualTo(1);     // the RDP host
        assertThat(seenByProd.at("/stillServedAfterRenewal/count").asInt()).isEqualTo(1);
        assertThat(seenByStaging.at("/stillServedAfterRenewal").toString()).doesNotContain("shop.example.test");
        assertThat(seenByProd.toString()).doesNotContain(inventory.sha1.certhash(), inventory.sample.rdp.certhash(),
                "legacy.example.test");
        JsonNode none = overview(nobody);
        assertThat(none.at("/counts/certificates/count").asInt()).isZero();
        assertThat(none.at("/counts/assets/count").asInt()).isZero();
        assertThat(none.get("grades")).isEmpty();
        assertThat(none.get("issuers")).isEmpty();
        assertThat(none.get("expiryWeeks")).hasSize(52).allMatch(w -> w.get("count").asInt() == 0);
    }

    @Test
    void aKeptOverviewGivesWayToTheNextChangeAtOnce() {
        String admin = server.adminToken();
        JsonNode before = overview(admin);
        assertThat(overview(admin)).isEqualTo(before);
        TestPki pki = TestPki.shared();
        new Inventory(server.database).record(new Observation(
                Optional.of(new ObservedAsset("127.0.0.16", "fresh.example.test", "", "", "")),
                Optional.of(new ObservedInstance("tcp", 443, "fresh.example.test", "https", List.of("TLSv1.2"), Map.of(), "F", "F",
                        Optional.empty())),
                List.of(CertificateAnalyzer.standard().analyze(pki.intermediateIssuer().issue(
                        CertificateSpec.leaf("fresh.example.test")).certificate())),
                List.of(), "SCAN", Instant.now()));
        JsonNode after = overview(admin);
        assertThat(after.at("/counts/certificates/count").asInt()).isEqualTo(before.at("/counts/certificates/count").asInt() + 1);
        assertThat(after.at("/counts/gradedF/count").asInt()).isEqualTo(before.at("/counts/gradedF/count").asInt() + 1);
        assertThat(after.at("/counts/assets/count").asInt()).isEqualTo(before.at("/counts/assets/count").asInt() + 1);
    }

    @Test
    void anEndpointOutsideTheScopeDoesNotExist() {
        long rdp = server.database.dsl().resultQuery("select hi.id from host_instance hi join asset a on a.id = hi.asset_id"
                + " where a.primary_ip = '127.0.0.13'::inet").fetchOne(0, Long.class);
        HttpResponse<String> staging = server.get("/api/v1/endpoints/" + rdp,
                server.token("staging", DashboardInventory.STAGING_PASSWORD));
        assertThat(staging.statusCode()).isEqualTo(200);
        JsonNode endpoint = JSON.readTree(staging.body());
        assertThat(endpoint.get("port").asInt()).isEqualTo(3389);
        assertThat(endpoint.get("findings").toString()).contains("38169", "Self-Signed");
        assertThat(endpoint.get("certificates").get(0).get("certhash").asString()).isEqualTo(inventory.sample.rdp.certhash());

        HttpResponse<String> prod = server.get("/api/v1/endpoints/" + rdp, server.token("prod", DashboardInventory.PROD_PASSWORD));
        assertThat(prod.statusCode()).isEqualTo(404);
        assertThat(prod.body()).doesNotContain("3389", inventory.sample.rdp.certhash());
        HttpResponse<String> bad = server.get("/api/v1/endpoints/abc", server.adminToken());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asString()).isEqualTo("id");
        assertThat(server.get("/api/v1/endpoints/99999999", server.adminToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void meSaysWhoAndWhichRole() {
        JsonNode me = JSON.readTree(server.get("/api/v1/me", server.token("prod", DashboardInventory.PROD_PASSWORD)).body());
        assertThat(me.get("username").asString()).isEqualTo("prod");
        assertThat(me.get("role").asString()).isEqualTo("user");
        assertThat(me.get("scope").toString()).isEqualTo("[\"Production\"]");
    }
}
