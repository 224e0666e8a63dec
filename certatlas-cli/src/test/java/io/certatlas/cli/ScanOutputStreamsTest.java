package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.store.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code certatlas scan} prints where: the report (one line per endpoint, the summary, the
 * key audit) on standard output, so that {@code > report.txt} keeps it; with a machine-readable
 * format, standard output is JSON and nothing else, even when the scan is recorded.
 */
@Timeout(120)
class ScanOutputStreamsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theTextReportGoesToStandardOutputAndJsonLinesStayPureWhenRecording() throws Exception {
        try (var server = JsseTestServer.start("127.0.0.61", List.of("TLSv1.2", "TLSv1.3"),
                List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true)) {
            String url = TestDatabase.freshJdbcUrl();
            String dbUrl = url + (url.contains("?") ? "&" : "?") + "user=" + TestDatabase.server().user()
                    + "&password=" + TestDatabase.server().password();
            String endpoint = "127.0.0.61:" + server.port();

            CommandCapture.Run text = CommandCapture.run(new ScanCommand(), endpoint, "--db-url", dbUrl, "--no-enumerate");
            assertThat(text.exitCode()).as(text.both()).isZero();
            assertThat(text.out()).contains(endpoint + " (").contains("1 endpoints scanned, 1 with TLS")
                    .contains("recorded 1 TLS endpoint(s)").contains("keys: 1 checked");
            assertThat(text.err()).doesNotContain(endpoint + " (");

            for (String format : List.of("jsonl", "json")) {
                CommandCapture.Run machine = CommandCapture.run(new ScanCommand(), endpoint, "--db-url", dbUrl,
                        "--no-enumerate", "--format", format);
                assertThat(machine.exitCode()).as(machine.both()).isZero();
                if (format.equals("json")) {
                    assertThat(JSON.readTree(machine.out()).get("summary").get("tls").asInt()).isEqualTo(1);
                } else {
                    for (String line : machine.out().strip().split("\n")) {
                        assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
                    }
                }
                assertThat(machine.err()).contains("recorded 1 TLS endpoint(s)").contains("keys: 1 checked");
            }
        }
    }
}
