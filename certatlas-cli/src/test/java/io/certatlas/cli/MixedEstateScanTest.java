package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.fleet.GnutlsNamespacedServer;
import io.certatlas.scan.fleet.ImapTestServer;
import io.certatlas.scan.fleet.SmtpTestServer;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.OpenSslTestServer;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.TestPki;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code certatlas scan} over a mixed estate on loopback: HTTPS on two ports, SMTP and IMAP
 * STARTTLS on ports of their own, a server with a DH group of its own (1024 bits), and a server
 * without RFC 5746 that asks for a client certificate. Every endpoint is recorded with the
 * service it speaks, its findings and grade; the {@code --format json} output of the same scan
 * parses and carries the same facts.
 */
@Timeout(300)
class MixedEstateScanTest {

    @TempDir
    Path dir;

    private static CommandCapture.Run run(String... arguments) {
        return CommandCapture.run(new ScanCommand(), arguments);
    }

    @Test
    void oneCommandRecordsEveryKindWithItsServiceFindingsAndGradeAndItsJsonSaysTheSame() throws Exception {
        Assumptions.assumeTrue(OpenSslTestServer.available(), "openssl is not installed");
        GnutlsNamespacedServer.unavailable().ifPresent(reason -> Assumptions.abort("cannot run gnutls-serv in a namespace: " + reason));
        var keyStore = TestPki.shared().keyStore(TestPki.Case.GOOD);
        char[] password = TestPki.PASSWORD.toCharArray();
        Path dh = OpenSslTestServer.dhParameters(dir, 1024);
        try (var https1 = JsseTestServer.start("127.0.0.51", List.of("TLSv1.2", "TLSv1.3"),
                     List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true);
             var https2 = JsseTestServer.start("127.0.0.51", List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), true);
             var smtp = new SmtpTestServer(InetAddress.getByName("127.0.0.52"), keyStore, password, true);
             var imap = new ImapTestServer(InetAddress.getByName("127.0.0.53"), keyStore, password);
             var weakDh = OpenSslTestServer.startAtSecurityLevelZero(dir.resolve("dh"), "127.0.0.54",
                     List.of("-no_tls1_3", "-dhparam", dh.toString(), "-cipher", "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0"));
             var insecure = GnutlsNamespacedServer.start(dir.resolve("gnutls"), "127.0.0.55",
                     "NORMAL:%DISABLE_SAFE_RENEGOTIATION:-VERS-TLS1.3", List.of())) {
            Path targets = Files.writeString(dir.resolve("targets.txt"), String.join("\n",
                    "# the estate",
                    "127.0.0.51:" + https1.port(),
                    "127.0.0.51:" + https2.port(),
                    "smtp://127.0.0.52:" + smtp.port(),
                    "127.0.0.54:" + weakDh.port()) + "\n");
            String url = TestDatabase.freshJdbcUrl();
            String dbUrl = url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                    + "&password=" + TestDatabase.server().password();
            String[] common = {"-f", targets.toString(), "127.0.0.53:" + imap.port(), "127.0.0.55:" + insecure.port(),
                    "--starttls", imap.port() + "=imap", "--deadline", "6", "--enumeration-budget", "60"};

            CommandCapture.Run recorded = run(concat(new String[] {"--db-url", dbUrl}, common));
            assertThat(recorded.exitCode()).as(recorded.out() + recorded.err()).isZero();
            assertThat(recorded.out()).contains("6 endpoints scanned, 6 with TLS").contains("recorded 6 TLS endpoint(s)");

            Map<Integer, String[]> instances = new HashMap<>();
            try (Connection sql = DriverManager.getConnection(dbUrl);
                 ResultSet rows = sql.createStatement().executeQuery("SELECT i.port, i.service, i.grade_with_trust_ignored,"
                         + " coalesce(string_agg(f.qid::text, ',' ORDER BY f.qid), '') FROM host_instance i"
                         + " LEFT JOIN finding f ON f.instance_id = i.id AND f.status = 'ACTIVE' GROUP BY i.id")) {
                while (rows.next()) {
                    instances.put(rows.getInt(1), new String[] {rows.getString(2), rows.getString(3), "," + rows.getString(4) + ","});
                }
            }
            assertThat(instances).containsOnlyKeys(https1.port(), https2.port(), smtp.port(), imap.port(), weakDh.port(), insecure.port());
            assertThat(instances.get(smtp.port())[0]).isEqualTo("smtp");
            assertThat(instances.get(imap.port())[0]).isEqualTo("imap");
            assertThat(instances.get(https1.port())[1]).startsWith("A");
            assertThat(instances.get(weakDh.port())[1]).isEqualTo("B");
            assertThat(instances.get(weakDh.port())[2]).contains(",38863,");
            assertThat(instances.get(insecure.port())[1]).isEqualTo("F");
            assertThat(instances.get(insecure.port())[2]).contains(",9000006,");

            CommandCapture.Run json = run(concat(new String[] {"--no-record", "--format", "json"}, common));
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode document = JsonMapper.builder().build().readTree(json.out());
            assertThat(document.get("summary").get("tls").asInt()).isEqualTo(6);
            Map<Integer, JsonNode> byPort = new HashMap<>();
            document.get("endpoints").forEach(endpoint -> byPort.put(endpoint.get("port").asInt(), endpoint));
            assertThat(byPort).containsOnlyKeys(instances.keySet().toArray(Integer[]::new));
            byPort.forEach((port, endpoint) -> {
                assertThat(endpoint.get("service").asString()).as("service of " + port).isEqualTo(instances.get(port)[0]);
                assertThat(endpoint.get("gradeWithTrustIgnored").asString()).as("grade of " + port).isEqualTo(instances.get(port)[1]);
                assertThat(endpoint.get("tls").get("chain").get(0).get("certhash").asString()).hasSize(64);
                assertThat(endpoint.get("gradeSummary").get("grade").asString()).isEqualTo(endpoint.get("grade").asString());
                endpoint.get("findings").forEach(finding -> assertThat(instances.get(port)[2])
                        .as("finding " + finding.get("qid") + " of " + port).contains("," + finding.get("qid").asInt() + ","));
            });
            assertThat(byPort.get(weakDh.port()).get("groups").get("dhPrimeBits").get(0).asInt()).isEqualTo(1024);
            assertThat(byPort.get(insecure.port()).get("renegotiation").get("insecureClientInitiated").get("state").asString())
                    .isEqualTo("accepted");
            assertThat(byPort.get(imap.port()).get("starttls").asString()).isEqualTo("imap");
            assertThat(byPort.get(https1.port()).get("suites").get("TLSv1.3").get(0).asString()).isEqualTo("TLS_AES_128_GCM_SHA256");
            assertThat(byPort.get(https1.port()).get("timings").get("totalMs").asLong()).isPositive();
        }
    }

    @Test
    void nothingToScanIsExitCodeFourWithTheReason() {
        CommandCapture.Run run = run("--no-record", "no-such-host.invalid", "127.0.0.1:443x");
        assertThat(run.exitCode()).isEqualTo(2);
        CommandCapture.Run unresolved = run("--no-record", "no-such-host.invalid");
        assertThat(unresolved.exitCode()).as(unresolved.err()).isEqualTo(ScanCommand.NOTHING_TO_SCAN);
        assertThat(unresolved.err()).contains("nothing to scan: no target resolves (no-such-host.invalid)");
    }

    @Test
    void jsonLinesStreamOneParsableLinePerEndpoint() throws Exception {
        try (var https = JsseTestServer.start("127.0.0.56", List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true)) {
            CommandCapture.Run run = run("--no-record", "--format", "jsonl", "--all", "127.0.0.56:" + https.port(), "127.0.0.56:1");
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(2);
            JsonMapper mapper = JsonMapper.builder().build();
            List<String> outcomes = lines.stream().map(line -> mapper.readTree(line).get("outcome").asString()).sorted().toList();
            assertThat(outcomes).containsExactly("closed", "tls");
            // Every field the documented schema requires is there.
            JsonNode schema = mapper.readTree(Files.readString(Path.of("..", "docs", "scan-output.schema.json")));
            for (String line : lines) {
                JsonNode endpoint = mapper.readTree(line);
                schema.get("$defs").get("Endpoint").get("required").forEach(field ->
                        assertThat(endpoint.has(field.asString())).as(field + " in " + line).isTrue());
                if (endpoint.has("tls")) {
                    schema.get("$defs").get("Tls").get("required").forEach(field ->
                            assertThat(endpoint.get("tls").has(field.asString())).as("tls." + field).isTrue());
                }
            }
            assertThat(run.err()).contains("2 endpoints scanned");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
