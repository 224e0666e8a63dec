package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.certview.PageCache;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of certificates are answered again from memory while the inventory is unchanged, and
 * never after it changed, whoever wrote the change: the answer a client gets is the one it
 * would get without the cache.
 */
class PageCacheApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningServer server;
    private static SampleInventory inventory;
    private static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = SampleInventory.fill(server.database);
        new Accounts(server.database.dsl()).create("prod-viewer", Passwords.encoder().encode("production only"),
                Role.USER, List.of("Production"));
        admin = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRepeatedQuestionGetsTheSameAnswerFromTheCache() {
        PageCache cache = server.server.bean(PageCache.class);
        String body = "{\"filter\": \"type:Leaf and keySize>=2048\", \"pageSize\": 200}";
        HttpResponse<String> first = server.post("/certview/v1/certificates", admin, body);
        long hitsBefore = cache.hits();
        HttpResponse<String> second = server.post("/certview/v1/certificates", admin, body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(CertificatesApiTest.hashes(JSON.readTree(second.body()))).contains(inventory.webLeaf.certhash());
        assertThat(cache.hits()).isGreaterThan(hitsBefore);
    }

    @Test
    void aWriteByAnotherWriterIsSeenByTheVeryNextRequest() {
        CertificateAnalyzer analyzer = CertificateAnalyzer.standard();
        CertificateFacts leaf = analyzer.analyze(TestPki.shared().selfSigned().certificate());
        String body = "{\"filter\": \"certhash:" + leaf.certhash() + "\", \"pageSize\": 10}";
        int before = assetCount(server.post("/certview/v1/certificates", admin, body), leaf.certhash());
        server.post("/certview/v1/certificates", admin, body);    // now certainly cached

        // Written straight to the database, as `certatlas import` or a second server would: the
        // server hears of it through nothing but the data itself.
        new Inventory(server.database).record(new Observation(
                Optional.of(new ObservedAsset("127.0.0.99", "rdp-new.example.test", "", "Windows", "")),
                Optional.of(SampleInventory.instance(3389, "win_remote_desktop", "", "T")), List.of(leaf),
                List.of(), "SCAN", Instant.now()));

        assertThat(assetCount(server.post("/certview/v1/certificates", admin, body), leaf.certhash()))
                .isEqualTo(before + 1);
    }

    @Test
    void usersWithDifferentScopesNeverShareAPage() {
        String body = "{\"pageSize\": 200, \"sort\": [{\"validTo\": \"asc\"}]}";
        assertThat(CertificatesApiTest.hashes(JSON.readTree(server.post("/certview/v1/certificates", admin, body).body())))
                .contains(inventory.rdp.certhash(), inventory.expired.certhash());
        String prod = server.token("prod-viewer", "production only");
        for (int i = 0; i < 2; i++) {
            assertThat(CertificatesApiTest.hashes(JSON.readTree(server.post("/certview/v1/certificates", prod, body).body())))
                    .contains(inventory.webLeaf.certhash())
                    .doesNotContain(inventory.rdp.certhash(), inventory.expired.certhash());
        }
    }

    @Test
    void clientsThatTakeGzipGetItAndOthersGetPlainJson() throws IOException {
        String body = "{\"filter\": \"selfSigned:false\", \"pageSize\": 50}";
        String plain = server.post("/certview/v1/certificates", admin, body).body();
        for (int i = 0; i < 2; i++) {    // once as it is read, once from the cache
            HttpResponse<byte[]> gzip = postBytes(body, "gzip, deflate");
            assertThat(gzip.statusCode()).isEqualTo(200);
            assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gunzip(gzip.body())).isEqualTo(plain);

            HttpResponse<byte[]> refused = postBytes(body, "gzip;q=0, identity");
            assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(plain);
        }
    }

    @Test
    void everyAnswerIsTheOneAServerWithoutTheCacheGives() {
        String prod = server.token("prod-viewer", "production only");
        List<String> questions = List.of("{\"pageSize\": 200}",
                "{\"filter\": \"expiryGroup:Expired or selfSigned:true\", \"sort\": [{\"validTo\": \"asc\"}]}",
                "{\"filter\": \"asset:(tags.name:Production)\", \"certificateDetails\": \"extended\"}",
                "{\"pageNumber\": 1, \"pageSize\": 2}");
        try (RunningServer uncached = RunningServer.beside(server, 0)) {
            assertThat(uncached.server.bean(PageCache.class).enabled()).isFalse();
            String uncachedAdmin = uncached.adminToken();
            String uncachedProd = uncached.token("prod-viewer", "production only");
            for (String question : questions) {
                for (int i = 0; i < 2; i++) {
                    assertThat(server.post("/certview/v1/certificates", admin, question).body()).as(question)
                            .isEqualTo(uncached.post("/certview/v1/certificates", uncachedAdmin, question).body());
                    assertThat(server.post("/certview/v1/certificates", prod, question).body()).as(question)
                            .isEqualTo(uncached.post("/certview/v1/certificates", uncachedProd, question).body());
                }
            }
        }
    }

    @Test
    void v2PagesAreKeptTooAndNeverOutliveAWrite() {
        PageCache cache = server.server.bean(PageCache.class);
        String body = "{\"pageSize\": 200, \"includes\": [\"ASSET_TAGS\"], \"filter\": {\"filters\": [{\"field\": \"type\","
                + " \"operator\": \"EQUALS\", \"value\": \"Leaf\"}]}}";
        HttpResponse<String> first = server.post("/certview/v2/certificates", admin, body);
        long hitsBefore = cache.hits();
        HttpResponse<String> second = server.post("/certview/v2/certificates", admin, body);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("X-Total-Count")).isEqualTo(first.headers().firstValue("X-Total-Count"));
        assertThat(cache.hits()).isGreaterThan(hitsBefore);

        CertificateFacts added = CertificateAnalyzer.standard().analyze(TestPki.shared().wildcard().certificate());
        new Inventory(server.database).record(new Observation(
                Optional.of(new ObservedAsset("127.0.0.98", "wild.example.test", "", "Linux", "")),
                Optional.of(SampleInventory.instance(443, "https", "wild.example.test", "A")), List.of(added),
                List.of(), "SCAN", Instant.now()));
        HttpResponse<String> third = server.post("/certview/v2/certificates", admin, body);
        assertThat(CertificatesApiTest.hashes(JSON.readTree(third.body()))).contains(added.certhash());
        assertThat(Long.parseLong(third.headers().firstValue("X-Total-Count").orElseThrow()))
                .isEqualTo(Long.parseLong(first.headers().firstValue("X-Total-Count").orElseThrow()) + 1);
    }

    @Test
    void everyV2AnswerIsTheOneAServerWithoutTheCacheGives() {
        String prod = server.token("prod-viewer", "production only");
        List<String> questions = List.of("{\"pageSize\": 2, \"pageNumber\": 0}", "{\"pageSize\": 2, \"pageNumber\": 1}",
                "{\"pageSize\": 2, \"pageNumber\": 2}",
                "{\"includes\": \"EXTENSIVE_CERTIFICATE_INFO,VULNERABILITIES\", \"sort\": [{\"validTo\": \"asc\"}]}");
        try (RunningServer uncached = RunningServer.beside(server, 0)) {
            String uncachedAdmin = uncached.adminToken();
            String uncachedProd = uncached.token("prod-viewer", "production only");
            for (int i = 0; i < 2; i++) {
                for (String question : questions) {
                    for (String path : List.of("/certview/v2/certificates", "/certview/v2.1/certificates", "/certview/v2/instances")) {
                        HttpResponse<String> kept = server.post(path, admin, question);
                        HttpResponse<String> read = uncached.post(path, uncachedAdmin, question);
                        assertThat(kept.body()).as(path + " " + question).isEqualTo(read.body());
                        assertThat(kept.headers().firstValue("X-Total-Count")).isEqualTo(read.headers().firstValue("X-Total-Count"));
                        assertThat(server.post(path, prod, question).body()).as(path + " " + question)
                                .isEqualTo(uncached.post(path, uncachedProd, question).body());
                    }
                }
            }
        }
    }

    private static int assetCount(HttpResponse<String> response, String certhash) {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode certificate = CertificatesApiTest.find(JSON.readTree(response.body()), certhash);
        assertThat(certificate.get("assets").size()).isEqualTo(certificate.get("assetCount").asInt());
        return certificate.get("assetCount").asInt();
    }

    private static HttpResponse<byte[]> postBytes(String body, String acceptEncoding) {
        try {
            return server.client.send(HttpRequest.newBuilder(server.https("/certview/v1/certificates"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Accept-Encoding", acceptEncoding)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
