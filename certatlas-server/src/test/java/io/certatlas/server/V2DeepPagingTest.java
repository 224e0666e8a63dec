package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.importing.CertificateBatch;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.DistinguishedName;
import io.certatlas.x509.testing.TestPki;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 25,000 certificates, bulk-loaded through the import's batch writer: v2 pages through all
 * of them, each exactly once and in order, where v1 refuses the window; and keeps doing so while
 * certificates are being added (none seen twice, none of those there at the start skipped).
 */
class V2DeepPagingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int CERTIFICATES = 25_000;
    static final int ADDED = 400;

    static RunningServer server;
    static String admin;
    static Set<String> imported;
    static List<CertificateFacts> later;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        admin = server.adminToken();
        // One real certificate, varied 25,400 times: signing that many takes minutes on a busy
        // machine, and paging only looks at hashes, names and dates. validTo is distinct per
        // certificate and unrelated to the load order, so a page's order is not the ids' by accident.
        CertificateFacts template = CertificateAnalyzer.standard().analyze(TestPki.shared().leaf().certificate());
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(30));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < CERTIFICATES + ADDED; i++) {
            offsets.add(i);
        }
        java.util.Collections.shuffle(offsets, new Random(18));
        List<CertificateRow> rows = new ArrayList<>();
        imported = new HashSet<>();
        later = new ArrayList<>();
        for (int i = 0; i < CERTIFICATES + ADDED; i++) {
            CertificateFacts facts = variant(template, i, base.plusSeconds(offsets.get(i)));
            if (i < CERTIFICATES) {
                rows.add(CertificateRow.alone(facts, "IMPORT", Instant.now()));
                imported.add(facts.certhash());
            } else {
                later.add(facts);
            }
        }
        // The bulk import's own writer (binary COPY and one merge), in batches as the import writes them.
        try (Connection c = server.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            CertificateBatch.prepare(c);
            for (int from = 0; from < rows.size(); from += 5_000) {
                CertificateBatch.write(c, rows.subList(from, Math.min(rows.size(), from + 5_000)));
                c.commit();
            }
            CertificateBatch.release(c);
            c.commit();
        }
        assertThat(imported).hasSize(CERTIFICATES);
        assertThat(server.post("/certview/v2/certificates/count", admin, "{}").body())
                .isEqualTo("{\"count\":" + CERTIFICATES + "}");
    }

    /** The template with its own DER (and so certhash), serial, name and end of validity. */
    private static CertificateFacts variant(CertificateFacts t, int i, Instant validTo) throws Exception {
        byte[] der = java.util.Arrays.copyOf(t.der(), t.der().length + 4);
        java.nio.ByteBuffer.wrap(der, t.der().length, 4).putInt(i);
        String certhash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
        String host = "host" + i + ".paging.test";
        DistinguishedName subject = new DistinguishedName("CN=" + host, host, t.subject().organization(),
                t.subject().organizationUnit(), t.subject().locality(), t.subject().state(), t.subject().country());
        return new CertificateFacts(certhash, der, Integer.toHexString(0x100000 + i), subject, t.issuer(), t.validFrom(),
                validTo, t.publicKeyAlgorithm(), t.keySize(), t.signatureAlgorithm(), false, t.type(), t.issuerCategory(),
                false, false, java.util.Map.of("DNS Name", List.of(host)), t.keyUsage(), t.enhancedKeyUsage(),
                t.subjectKeyIdentifier(), t.authKeyIdentifier());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode page(String body) {
        HttpResponse<String> response = server.post("/certview/v2/certificates", admin, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void v2PagesThroughEveryCertificateOnceInOrderWhereV1RefusesTheWindow() {
        HttpResponse<String> v1 = server.post("/certview/v1/certificates", admin, "{\"pageNumber\": 50, \"pageSize\": 200,"
                + " \"sort\": [{\"validTo\": \"asc\"}]}");
        assertThat(v1.statusCode()).isEqualTo(400);
        assertThat(v1.body()).contains("10000");
        List<String> seen = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int number = 0; number < CERTIFICATES / 200 + 5; number++) {
            JsonNode list = page("{\"pageNumber\": " + number + ", \"pageSize\": 200, \"sort\": [{\"validTo\": \"asc\"}],"
                    + " \"excludeFields\": \"assets\"}");
            if (list.isEmpty()) {
                break;
            }
            for (JsonNode certificate : list) {
                long validTo = certificate.get("validTo").asLong();
                assertThat(validTo).as("page " + number).isGreaterThan(previous);
                previous = validTo;
                seen.add(certificate.get("certhash").asString());
            }
        }
        assertThat(seen).hasSize(CERTIFICATES).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(imported);
        // A page far ahead asked for out of turn is the same page the walk saw.
        JsonNode far = page("{\"pageNumber\": 100, \"pageSize\": 200, \"sort\": [{\"validTo\": \"asc\"}], \"excludeFields\": \"assets\"}");
        assertThat(V2CertificatesApiTest.hashes(far)).containsExactlyElementsOf(seen.subList(20_000, 20_200));
        JsonNode cold = page("{\"pageNumber\": 77, \"pageSize\": 100, \"sort\": [{\"validTo\": \"asc\"}]}");
        assertThat(V2CertificatesApiTest.hashes(cold)).containsExactlyElementsOf(seen.subList(7_700, 7_800));
    }

    @Test
    void aPageOutOfTurnNearerTheEndIsReadFromTheEndAndIsTheSamePage() {
        List<String> ascending = walkedInTurn(200);
        int n = ascending.size();
        List<String> descending = new ArrayList<>(ascending);
        java.util.Collections.reverse(descending);
        // Each page size starts a new walk: its first far page is reached from the top, or from the end.
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("asc", 160, 150))))
                .containsExactlyElementsOf(ascending.subList(24_000, 24_150));
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("desc", 150, 160))))
                .containsExactlyElementsOf(descending.subList(24_000, 24_160));
        // The last page, partly filled, and a page past the end.
        int last = (n - 1) / 140;
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("asc", last, 140))))
                .containsExactlyElementsOf(ascending.subList(last * 140, n));
        assertThat(page(sortedByValidTo("asc", n / 130 + 20, 130))).isEmpty();
        // After a known page end: the rows up to it are counted, the rest passed over from the end.
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("desc", 0, 170))))
                .containsExactlyElementsOf(descending.subList(0, 170));
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("desc", 140, 170))))
                .containsExactlyElementsOf(descending.subList(140 * 170, 141 * 170));
        assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("desc", 141, 170))))
                .containsExactlyElementsOf(descending.subList(141 * 170, 142 * 170));
    }

    @Test
    void farPagesStartingWhereAnEarlierFarPageWasReachedAreTheSamePagesTheWalkSaw() {
        List<String> ascending = walkedInTurn(190);
        // Each size is a walk of its own (no other test here uses these sizes) and a page the cache
        // has not seen, but all start from the top: the first passes over 12,600 rows, the others
        // start from the rows it (and they) passed.
        int[][] asks = {{175, 72}, {157, 80}, {143, 88}, {127, 99}, {101, 125}, {111, 113}, {175, 71}, {175, 73}};
        for (int[] ask : asks) {
            int size = ask[0];
            int number = ask[1];
            assertThat(V2CertificatesApiTest.hashes(page(sortedByValidTo("asc", number, size))))
                    .as("page " + number + " of " + size)
                    .containsExactlyElementsOf(ascending.subList(number * size, (number + 1) * size));
        }
    }

    /** Every certificate's hash by validTo ascending, read page after page of {@code size}. */
    private static List<String> walkedInTurn(int size) {
        List<String> ascending = new ArrayList<>();
        for (int number = 0; ; number++) {
            JsonNode list = page(sortedByValidTo("asc", number, size));
            if (list.isEmpty()) {
                return ascending;
            }
            ascending.addAll(V2CertificatesApiTest.hashes(list));
        }
    }

    private static String sortedByValidTo(String direction, int number, int size) {
        return "{\"pageNumber\": " + number + ", \"pageSize\": " + size + ", \"sort\": [{\"validTo\": \"" + direction
                + "\"}], \"excludeFields\": \"assets\"}";
    }

    @Test
    void whileCertificatesAreAddedNoneIsSeenTwiceAndNoneThereAtTheStartIsSkipped() throws InterruptedException {
        Inventory inventory = new Inventory(server.database);
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger added = new AtomicInteger();
        AtomicInteger addedDuringWalk = new AtomicInteger();
        Thread adder = Thread.ofPlatform().start(() -> {
            for (CertificateFacts facts : later) {
                if (!walking.get()) {
                    return;
                }
                inventory.record(new Observation(Optional.empty(), Optional.empty(), List.of(facts), List.of(), "IMPORT",
                        Instant.now()));
                added.incrementAndGet();
                addedDuringWalk.incrementAndGet();
            }
        });
        List<String> seen = new ArrayList<>();
        String previous = "";
        int addedAtFirstPage = -1;
        for (int number = 0; number < (CERTIFICATES + ADDED) / 200 + 5; number++) {
            JsonNode list = page("{\"pageNumber\": " + number + ", \"pageSize\": 200, \"sort\": [{\"certhash\": \"asc\"}],"
                    + " \"excludeFields\": [\"assets\"]}");
            if (addedAtFirstPage < 0) {
                addedAtFirstPage = added.get();
            }
            if (list.isEmpty()) {
                break;
            }
            for (JsonNode certificate : list) {
                String certhash = certificate.get("certhash").asString();
                assertThat(certhash).as("page " + number).isGreaterThan(previous);
                previous = certhash;
                seen.add(certhash);
            }
        }
        int addedByTheEnd = added.get();
        walking.set(false);
        adder.join(60_000);
        assertThat(addedByTheEnd - addedAtFirstPage).as("certificates added while the walk went on").isPositive();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).containsAll(imported);
    }
}
