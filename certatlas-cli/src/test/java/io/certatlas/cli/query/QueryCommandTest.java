package io.certatlas.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.client.csv.CertificateCsv;
import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * {@code certatlas query} run in-process against a real CertAtlas server over HTTPS with a pinned
 * certificate: what it writes on stdout parses back, and every failure has its documented exit code.
 */
class QueryCommandTest {

    private static final String PASSWORD = "a manager password for queries";
    private static final String HOSTILE = "@SUM(1+1)*cmd|' /C calc'!A0";
    private static Database database;
    private static CertAtlasServer server;

    /** What one run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh();
        var dataDirectory = Files.createTempDirectory("certatlas-query");
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(PASSWORD));
        TestPki pki = TestPki.shared();
        var key = KeyType.EC_P256.generate();
        Inventory inventory = new Inventory(database);
        for (int i = 0; i < 12; i++) {
            CertificateSpec spec = CertificateSpec.leaf("web" + i + ".query.test").withKeyType(KeyType.EC_P256);
            if (i == 3) {
                spec = spec.withCommonName(HOSTILE).withOrganization("Comma, \"Quote\" Ltd");
            }
            CertificateFacts facts = CertificateAnalyzer.standard().analyze(pki.intermediateIssuer().issue(spec, key).certificate());
            inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.1." + (i + 1), "web" + i + ".query.test", "", "Linux", "")),
                    Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), "A", "A", Optional.empty())),
                    List.of(facts), List.of(), "SCAN", Instant.now()));
        }
        server = CertAtlasServer.start(new ServerSettings(dataDirectory, InetAddress.getByName("127.0.0.1"), 0, OptionalInt.empty(),
                false, Optional.empty(), Optional.empty()), database);
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    private static synchronized Run query(String password, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--url", "https://127.0.0.1:" + server.httpsPort(), "--user", FirstManager.USERNAME, "--quiet"));
        if (!all.contains("--fingerprint")) {
            all.addAll(List.of("--fingerprint", server.identity().fingerprint()));
        }
        QueryCommand command = new QueryCommand();
        command.environment = name -> name.equals("CERTATLAS_PASSWORD") ? password : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine line = new CommandLine(command);
            line.getSubcommands().values().forEach(sub -> {
                if (sub.getCommand() instanceof QueryAssetsCommand assets) {
                    assets.environment = command.environment;
                } else if (sub.getCommand() instanceof QueryInstancesCommand instances) {
                    instances.environment = command.environment;
                }
            });
            int code = line.execute(all.toArray(String[]::new));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build()
                .readerFor(String[].class).readValues(text)) {
            it.forEachRemaining(row -> rows.add(List.of(row)));
        }
        return rows;
    }

    @Test
    void csvOfEveryCertificateParsesBackWithFormulasDefused() {
        Run run = query(PASSWORD, "--format", "csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<List<String>> rows = csv(run.out());
        assertThat(rows.get(0)).isEqualTo(CertificateCsv.FORMAT.headers());
        // The header and the 12 certificates.
        assertThat(rows).hasSize(13);
        int subject = rows.get(0).indexOf("subject.name");
        int organization = rows.get(0).indexOf("subject.organization");
        assertThat(rows).anyMatch(r -> r.get(subject).equals("'" + HOSTILE) && r.get(organization).equals("Comma, \"Quote\" Ltd"));
    }

    @Test
    void theServersExportAndTheClientsCsvAreTheSameLines() {
        Run client = query(PASSWORD, "--format", "csv", "--filter", "type:Leaf");
        Run server = query(PASSWORD, "--server-export", "--filter", "type:Leaf");

        assertThat(server.exitCode()).as(server.err()).isZero();
        assertThat(csv(server.out())).containsExactlyInAnyOrderElementsOf(csv(client.out())).hasSize(13);
    }

    @Test
    void jsonIsOneArrayAndJsonLinesOneObjectPerLine() {
        Run json = query(PASSWORD, "--format", "json", "--limit", "5", "--sort", "validTo:asc");
        Run lines = query(PASSWORD, "--format", "jsonl", "--filter", "type:Leaf", "--details", "extended");

        JsonNode array = JsonMapper.builder().build().readTree(json.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(5);
        assertThat(lines.out().lines().toList()).hasSize(12)
                .allSatisfy(line -> assertThat(JsonMapper.builder().build().readTree(line).path("rawData").asString()).isNotEmpty());
    }

    @Test
    void theAssetsOfOneCertificate() {
        Run list = query(PASSWORD, "--format", "jsonl", "--filter", "subject.name:web5.query.test");
        String certhash = JsonMapper.builder().build().readTree(list.out().lines().findFirst().orElseThrow()).path("certhash").asString();

        Run assets = query(PASSWORD, "assets", certhash, "--format", "csv");

        assertThat(assets.exitCode()).as(assets.err()).isZero();
        assertThat(csv(assets.out())).hasSize(2).last().satisfies(row -> assertThat(row).contains("web5.query.test", "127.0.1.6"));
    }

    @Test
    void everyFailureHasItsExitCodeAndTheServersMessage() {
        Run wrongPassword = query("not the password", "--format", "csv");
        assertThat(wrongPassword.exitCode()).isEqualTo(ExitCode.LOGIN_REFUSED);
        assertThat(wrongPassword.err()).contains("401");
        assertThat(wrongPassword.out()).isEmpty();

        Run badFilter = query(PASSWORD, "--filter", "keySize:>>1", "--format", "csv");
        assertThat(badFilter.exitCode()).isEqualTo(ExitCode.REQUEST_REJECTED);
        assertThat(badFilter.err()).contains("keySize").contains("(field filter)");

        Run unknown = query(PASSWORD, "assets", "ab".repeat(32));
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);

        Run wrongPin = query(PASSWORD, "--fingerprint", "00".repeat(32));
        assertThat(wrongPin.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
        assertThat(wrongPin.err()).contains("not the pinned");

        Run noPassword = query(null, "--format", "csv");
        assertThat(noPassword.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noPassword.err()).contains("CERTATLAS_PASSWORD");

        Run badSort = query(PASSWORD, "--sort", "validTo:sideways");
        assertThat(badSort.exitCode()).isEqualTo(ExitCode.USAGE);

        // The option the user gave is named, not the API field it becomes.
        Run noLimit = query(PASSWORD, "--limit", "0");
        assertThat(noLimit.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noLimit.err()).contains("--limit must be 1 or more, was 0").doesNotContain("pageSize");

        // The server's CSV has fixed columns: extended details are refused with it, not dropped.
        Run extendedExport = query(PASSWORD, "--server-export", "--details", "extended");
        assertThat(extendedExport.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(extendedExport.err()).contains("--details extended");
        assertThat(extendedExport.out()).isEmpty();
    }
}
