package io.certatlas.scan.probe;

import io.certatlas.scan.tls.TestServerIdentity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the per-server agreement of BENCHMARKS.md ("Per server: CertAtlas and sslscan") for the
 * configurations where the two must agree exactly: the scanner and sslscan 2.0.7 find the same
 * protocols and the same suites (as IANA names) on the same live server. Needs sslscan (and
 * openssl for the s_server rows); skipped where they are not installed.
 */
class SslscanAgreementTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void legacyCryptoServable() {
        TestServerIdentity.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsse-legacy", "jsse-modern", "jsse-anon", "openssl-aria-camellia", "openssl-tls10-11"})
    void sameProtocolsAndSuitesAsSslscan(String name) throws Exception {
        Assumptions.assumeTrue(installed("sslscan") && installed("openssl"), "sslscan and openssl are needed");
        var fleet = SslscanComparison.fleet();
        int index = fleet.stream().map(SslscanComparison.Config::name).toList().indexOf(name);
        var config = fleet.get(index);
        var running = config.starter().start("127.0.6." + (index + 1), dir);
        try {
            var certAtlas = SslscanComparison.certAtlas(config, running);
            var sslscan = SslscanComparison.sslscan(config, running);
            assertThat(certAtlas.error()).isEmpty();
            assertThat(sslscan.error()).isEmpty();
            assertThat(certAtlas.protocols()).isEqualTo(sslscan.protocols()).isNotEmpty();
            assertThat(certAtlas.suites()).isEqualTo(sslscan.suites()).isNotEmpty();
            TreeSet<String> unmapped = new TreeSet<>(sslscan.suites());
            unmapped.removeIf(s -> !s.contains("?"));
            assertThat(unmapped).as("sslscan suites the catalogue cannot name").isEmpty();
        } finally {
            running.stopper().close();
        }
    }

    private static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
