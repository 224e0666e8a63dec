package io.certatlas.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.client.CertViewClient;
import io.certatlas.client.CertificateQuery;
import io.certatlas.client.csv.CertificateCsv;
import io.certatlas.client.csv.CsvCertificate;
import io.certatlas.client.csv.CsvWriter;
import io.certatlas.client.error.RequestRejected;
import io.certatlas.client.model.Asset;
import io.certatlas.client.model.Certificate;
import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.MovableClock;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.store.access.Tags;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * The client and the server's CSV export against a real CertAtlas server: 5,000 certificates, one
 * of them on 2,500 assets (so past the 1000-asset cap of a list), one with a hostile subject. The
 * server's clock can be moved, so that a token runs out in the middle of an export.
 */
class ExportTest {

    private static final String ADMIN_PASSWORD = "export test manager password";
    private static final String VIEWER_PASSWORD = "export test viewer password";
    private static final int CERTIFICATES = 5_000;
    private static final int BIG_ASSETS = 2_500;
    private static final String HOSTILE_NAME = "=HYPERLINK(\"http://x.example/\",\"a, b\")";
    private static final String HOSTILE_ORGANIZATION = "Quote \"Inc\", Ltd\nSecond line";

    private static final MovableClock CLOCK = new MovableClock();
    private static Database database;
    private static CertAtlasServer server;
    private static String pin;
    private static String bigCerthash;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.fresh();
        Path dataDirectory = Files.createTempDirectory("certatlas-export-test");
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(ADMIN_PASSWORD));
        fill();
        new Tags(database.dsl()).ensure("Edge");
        new Accounts(database.dsl()).create("viewer", Passwords.encoder().encode(VIEWER_PASSWORD), Role.USER, List.of("Edge"));
        new Tags(database.dsl()).tagAssetsMatching("Edge", "big-000%");
        server = CertAtlasServer.start(new ServerSettings(dataDirectory, InetAddress.getByName("127.0.0.1"), 0,
                OptionalInt.empty(), false, Optional.empty(), Optional.empty()), database, CLOCK);
        pin = server.identity().fingerprint();
    }

    /**
     * 4,999 certificates written straight into the store (issuing and parsing that many real
     * certificates took minutes on the shared test machine; the export reads rows, not DER), the
     * columns as benchmarks/scripts/qql-generate-inventory.sql writes them, and one real
     * certificate seen on 2,500 assets by a scan.
     */
    private static void fill() {
        database.dsl().execute("""
                insert into certificate (certhash, der, serial_number, subject_dn, subject_name, subject_organization,
                    subject_organization_unit, subject_locality, subject_state, subject_country, issuer_dn, issuer_name,
                    issuer_organization, issuer_organization_unit, issuer_locality, issuer_state, issuer_country,
                    valid_from, valid_to, public_key_algorithm, key_size, signature_algorithm, self_signed, type,
                    issuer_category, extended_validation, is_ca, subject_alternative_names, san_values, sources, imported,
                    created, updated, last_found)
                select encode(sha256(convert_to('export test ' || g, 'UTF8')), 'hex'), sha256(convert_to('export test ' || g, 'UTF8')),
                       to_hex(4096 + g), 'CN=' || n.name, n.name, n.organization, array['Ops'], 'Berlin', '', 'DE',
                       'CN=Export Test CA', 'Export Test CA', 'CertAtlas Tests', '{}', '', '', 'NL',
                       now() - interval '30 days', now() + (g % 400) * interval '1 day', 'EC', 256, 'SHA256withECDSA', false,
                       'Leaf', 'unapproved', false, false,
                       jsonb_build_object('DNS Name', jsonb_build_array('host' || g || '.export.test')),
                       array['host' || g || '.export.test'], array['IMPORT'], true, now(), now() - g * interval '1 second', now()
                from generate_series(1, ?) g
                cross join lateral (select case when g = 7 then ? else 'host' || g || '.export.test' end as name,
                                           case when g = 7 then ? else '' end as organization) n
                """, CERTIFICATES - 1, HOSTILE_NAME, HOSTILE_ORGANIZATION);
        TestPki pki = TestPki.shared();
        IssuedCertificate big = pki.intermediateIssuer().issue(CertificateSpec.leaf("*.big.export.test")
                .withKeyType(KeyType.EC_P256), KeyType.EC_P256.generate());
        CertificateFacts facts = CertificateAnalyzer.standard().analyze(big.certificate());
        bigCerthash = facts.certhash();
        Inventory inventory = new Inventory(database);
        Instant now = Instant.now();
        for (int a = 0; a < BIG_ASSETS; a++) {
            String name = "big-%04d.export.test".formatted(a);
            inventory.record(new Observation(Optional.of(new ObservedAsset("10.7." + (a / 250) + "." + (a % 250 + 1), name, "", "Linux", "")),
                    Optional.of(new ObservedInstance("tcp", 443, name, "https", List.of("TLSv1.3"), Map.of(), "A", "A", Optional.empty())),
                    List.of(facts), List.of(), "SCAN", now));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static CertViewClient.Builder client(String user, String password) {
        return CertViewClient.to("https://127.0.0.1:" + server.httpsPort()).user(user, password.toCharArray())
                .trust(io.certatlas.client.tls.ServerTrust.pinned(pin));
    }

    @Test
    void everyCertificateOnceAndAllAssetsOfTheBigOneWhileTheTokenIsRenewedOnTheWay() {
        // The server and the client share a clock that starts four hours back. The server checks a
        // token's times by the system clock too, so its clock may lag real time but never lead it:
        // the token of the first login then runs out about now, and moving the clock on by 3 h 58 min
        // halfway leaves it two minutes, inside the client's renewal margin.
        CLOCK.set(Duration.ofHours(-4));
        try {
            CertViewClient client = client(FirstManager.USERNAME, ADMIN_PASSWORD).clock(CLOCK).build();
            AtomicInteger read = new AtomicInteger();
            Set<String> hashes = new HashSet<>();
            List<Certificate> big = new ArrayList<>();

            client.certificates(CertificateQuery.all()).forEach(certificate -> {
                hashes.add(certificate.certhash());
                if (certificate.certhash().equals(bigCerthash)) {
                    big.add(certificate);
                }
                if (read.incrementAndGet() == 2_500) {
                    CLOCK.advance(Duration.ofHours(3).plusMinutes(58));
                }
            });

            assertThat(read.get()).isEqualTo(CERTIFICATES);
            assertThat(hashes).hasSize(CERTIFICATES);
            assertThat(big).hasSize(1);
            assertThat(big.get(0).assets()).hasSize(BIG_ASSETS);
            assertThat(big.get(0).assets().stream().map(Asset::uuid).collect(Collectors.toSet())).hasSize(BIG_ASSETS);
            assertThat(big.get(0).assets().stream().map(Asset::name).collect(Collectors.toSet()))
                    .contains("big-0000.export.test", "big-2499.export.test");
            assertThat(client.logins()).isEqualTo(2);
        } finally {
            CLOCK.set(Duration.ZERO);
        }
    }

    @Test
    void theServersExportIsTheClientsCsvLineForLine() throws IOException {
        CertViewClient client = client(FirstManager.USERNAME, ADMIN_PASSWORD).clock(CLOCK).build();
        StringWriter own = new StringWriter();
        try (CsvWriter out = new CsvWriter(own)) {
            client.certificates(CertificateQuery.all()).forEach(c -> CertificateCsv.FORMAT.write(out, CsvCertificate.of(c)));
        }
        String exported;
        try (InputStream in = client.exportCsv("", List.of())) {
            exported = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<List<String>> rows = parse(exported);
        assertThat(rows.get(0)).isEqualTo(CertificateCsv.FORMAT.headers());
        assertThat(rows).hasSize(CERTIFICATES + 1);
        int certhash = rows.get(0).indexOf("certhash");
        int assets = rows.get(0).indexOf("assets");
        int subject = rows.get(0).indexOf("subject.name");
        assertThat(rows.stream().skip(1).map(r -> r.get(certhash)).collect(Collectors.toSet())).hasSize(CERTIFICATES);
        List<String> bigRow = rows.stream().filter(r -> r.get(certhash).equals(bigCerthash)).findFirst().orElseThrow();
        assertThat(bigRow.get(assets).split("; ")).hasSize(BIG_ASSETS);
        int organization = rows.get(0).indexOf("subject.organization");
        assertThat(rows).anyMatch(r -> r.get(subject).equals("'" + HOSTILE_NAME) && r.get(organization).equals(HOSTILE_ORGANIZATION));
        List<String> exportedLines = lines(exported);
        assertThat(exportedLines.get(0)).isEqualTo(String.join(",", CertificateCsv.FORMAT.headers()));
        assertThat(Set.copyOf(exportedLines.subList(1, exportedLines.size()))).isEqualTo(Set.copyOf(lines(own.toString())));
    }

    @Test
    void theExportShowsAScopedUserOnlyWhatTheScopeHolds() throws IOException {
        CertViewClient client = client("viewer", VIEWER_PASSWORD).build();
        String exported;
        try (InputStream in = client.exportCsv("", List.of())) {
            exported = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<List<String>> rows = parse(exported);
        assertThat(rows).hasSize(2);
        Map<String, String> line = zip(rows.get(0), rows.get(1));
        assertThat(line.get("certhash")).isEqualTo(bigCerthash);
        assertThat(line.get("assetCount")).isEqualTo("10");
        assertThat(line.get("assets").split("; ")).hasSize(10).allMatch(name -> name.startsWith("big-000"));
        assertThat(client.certificates(CertificateQuery.all()).toList()).singleElement()
                .satisfies(c -> assertThat(c.assets()).hasSize(10));
    }

    @Test
    void aBadFilterIsRefusedBeforeAnyLineWithTheServersMessage() {
        CertViewClient client = client(FirstManager.USERNAME, ADMIN_PASSWORD).build();

        assertThatThrownBy(() -> client.exportCsv("keySize:>>2048 (", List.of()).close())
                .isInstanceOf(RequestRejected.class)
                .hasMessageContaining("400")
                .hasMessageContaining("(field filter)");
        assertThatThrownBy(() -> client.exportCsv("", io.certatlas.client.SortKey.parse("colour:asc")).close())
                .isInstanceOf(RequestRejected.class)
                .hasMessageContaining("(field sort)");
    }

    private static List<List<String>> parse(String csv) {
        CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(List.of(it.next()));
            }
        }
        return rows;
    }

    /** The lines of a CSV whose rows start with a certhash, a quoted line break inside a cell kept in its line. */
    private static List<String> lines(String csv) {
        return List.of(csv.split("\r\n(?=[0-9a-f]{64},|$)"));
    }

    private static Map<String, String> zip(List<String> headers, List<String> row) {
        Map<String, String> cells = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            cells.put(headers.get(i), row.get(i));
        }
        return cells;
    }
}
