package io.certatlas.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.CommandCapture;
import io.certatlas.server.CertAtlasServer;
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
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.testing.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code certatlas check} against a real CertAtlas server over pinned HTTPS, as a monitor runs it:
 * the exit code and the first line of stdout are what Nagios and Icinga act on.
 */
class CheckCommandTest {

    private static final String PASSWORD = "a manager password for checks";
    private static Database database;
    private static CertAtlasServer server;

    record Run(int exitCode, String out, String err) {
        String statusLine() {
            return out.lines().findFirst().orElse("");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh();
        var dataDirectory = Files.createTempDirectory("certatlas-check");
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(PASSWORD));
        TestPki pki = TestPki.shared();
        var key = KeyType.EC_P256.generate();
        Inventory inventory = new Inventory(database);
        // host name -> days left: one expired, one inside the 7-day window, two inside 30 days, one far off.
        Map<String, Integer> ends = Map.of("expired.check.test", -2, "soon.check.test", 3, "month-a.check.test", 20,
                "month-b.check.test", 25, "later.check.test", 200);
        int host = 1;
        for (var end : ends.entrySet()) {
            CertificateSpec spec = CertificateSpec.leaf(end.getKey()).withKeyType(KeyType.EC_P256)
                    .withValidityEndingIn(Duration.ofDays(end.getValue()));
            CertificateFacts facts = CertificateAnalyzer.standard().analyze(pki.intermediateIssuer().issue(spec, key).certificate());
            inventory.record(new Observation(Optional.of(new ObservedAsset("127.0.2." + host++, end.getKey(), "", "Linux", "")),
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

    private static Run checkAs(String password, String url, String... arguments) {
        return checkAsUser(FirstManager.USERNAME, password, url, arguments);
    }

    private static Run checkAsUser(String user, String password, String url, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--url", url, "--user", user, "--fingerprint", server.identity().fingerprint()));
        CheckCommand command = new CheckCommand();
        command.environment = name -> name.equals("CERTATLAS_PASSWORD") ? password : null;
        CommandCapture.Run run = CommandCapture.run(command, all.toArray(String[]::new));
        return new Run(run.exitCode(), run.out(), run.err());
    }

    private static Run check(String... arguments) {
        return checkAs(PASSWORD, "https://127.0.0.1:" + server.httpsPort(), arguments);
    }

    @Test
    void anExpiredCertificateIsCriticalAndEachCountIsInThePerfdata() {
        Run run = check("--warning", "30d", "--critical", "7d");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.statusLine()).startsWith("CERTATLAS CRITICAL - 1 expired, 1 expires within 7d, 2 more within 30d;"
                + " soonest CN=expired.check.test expired 2 days ago")
                .contains("| expired=1;;0;0; expiring_critical=1;;0;0; expiring_warning=2;0;;0; soonest_expiry=-");
        // Soonest first, one line each, and the far-off certificate nowhere.
        List<String> lines = run.out().lines().skip(1).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("CRITICAL: CN=expired.check.test expired");
        assertThat(lines.get(1)).startsWith("CRITICAL: CN=soon.check.test expires in 2 days");
        assertThat(lines.get(2)).startsWith("WARNING: CN=month-a.check.test");
        assertThat(lines.get(3)).startsWith("WARNING: CN=month-b.check.test");
        assertThat(run.out()).doesNotContain("later.check.test");
    }

    @Test
    void theFilterDecidesWhichCertificatesAreWatched() {
        Run warning = check("--filter", "subject.name:month*", "-w", "30", "-c", "7");
        assertThat(warning.exitCode()).as(warning.out() + warning.err()).isEqualTo(1);
        assertThat(warning.statusLine()).startsWith("CERTATLAS WARNING - 2 expire within 30d; soonest CN=month-a.check.test");

        Run ok = check("--filter", "subject.name:later.check.test");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.statusLine()).isEqualTo("CERTATLAS OK - no certificate matching the filter expires within 30d"
                + " | expired=0;;0;0; expiring_critical=0;;0;0; expiring_warning=0;0;;0;");

        // The documented filter for "only what is still in use": nothing here was renewed, so all four stay.
        Run inUse = check("--filter", "not renewal.renewed:true");
        assertThat(inUse.exitCode()).as(inUse.out() + inUse.err()).isEqualTo(2);
        assertThat(inUse.out().lines().skip(1)).hasSize(4);

        Run year = check("--filter", "subject.name:later.check.test", "--warning", "52w", "--critical", "1w");
        assertThat(year.exitCode()).isEqualTo(1);
        assertThat(year.statusLine()).contains("1 expires within 52w");
    }

    @Test
    void whatTheCheckCannotAnswerIsUnknownWithTheReasonOnStdout() throws Exception {
        Run filter = check("--filter", "subjet.name:x");
        assertThat(filter.exitCode()).isEqualTo(3);
        assertThat(filter.statusLine()).startsWith("CERTATLAS UNKNOWN - ").contains("subjet.name");
        // The column is the one in what the user typed, not in the filter the check sends.
        Run token = check("--filter", "bogus:1");
        assertThat(token.statusLine()).startsWith("CERTATLAS UNKNOWN - ").contains("column 1").doesNotContain("column 2");

        Run login = checkAs("not the password", "https://127.0.0.1:" + server.httpsPort());
        assertThat(login.exitCode()).isEqualTo(3);
        assertThat(login.statusLine()).startsWith("CERTATLAS UNKNOWN - ");

        Run windows = check("--warning", "7d", "--critical", "30d");
        assertThat(windows.exitCode()).isEqualTo(3);
        assertThat(windows.statusLine()).contains("--critical 30d is longer than --warning 7d");

        Run nonsense = check("--warning", "a month");
        assertThat(nonsense.exitCode()).isEqualTo(3);
        assertThat(nonsense.statusLine()).contains("'a month' is not a window");

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run unreachable = checkAs(PASSWORD, "https://127.0.0.1:" + closed, "--connect-timeout", "2");
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.statusLine()).startsWith("CERTATLAS UNKNOWN - ");

        // A login locked out after repeated wrong passwords asks for a wait longer than a plugin may take.
        new Accounts(database.dsl()).create("locked-out", Passwords.encoder().encode(PASSWORD), Role.USER, List.of());
        for (int guess = 0; guess < 7; guess++) {
            checkAsUser("locked-out", "a wrong guess", "https://127.0.0.1:" + server.httpsPort());
        }
        // With the right password now, the check does not wait the lock out (and then pass): it says why it cannot answer.
        Run locked = checkAsUser("locked-out", PASSWORD, "https://127.0.0.1:" + server.httpsPort());
        assertThat(locked.exitCode()).as(locked.out() + locked.err()).isEqualTo(3);
        assertThat(locked.statusLine()).startsWith("CERTATLAS UNKNOWN - ").contains("asks to wait");

        // A server that takes the connection and never answers: UNKNOWN when --timeout runs out, not
        // three read timeouts later, when the monitor would have killed the plugin without a word.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Run hanging = checkAs(PASSWORD, "https://127.0.0.1:" + silent.getLocalPort(), "--timeout", "2");
            assertThat(hanging.exitCode()).isEqualTo(3);
            assertThat(hanging.statusLine()).startsWith("CERTATLAS UNKNOWN - no answer from").contains("within 2 s (--timeout)");
        }

        Run unknownOption = check("--warn-days", "30");
        assertThat(unknownOption.exitCode()).isEqualTo(3);
        assertThat(unknownOption.statusLine()).isEqualTo("CERTATLAS UNKNOWN - Unknown options: '--warn-days', '30'");
    }

    @Test
    void aCommandLineThatDoesNotParseIsUnknownWithTheReasonOnStdout() {
        // As a monitor runs it: through the certatlas command, whatever picocli finds wrong.
        for (List<String> arguments : List.of(List.of("--bogus"), List.of("--connect-timeout", "soon"), List.of("--warning"),
                List.of("an-argument"))) {
            List<String> all = new ArrayList<>(List.of("check", "--url", "https://127.0.0.1:" + server.httpsPort()));
            all.addAll(arguments);
            CommandCapture.Run run = CommandCapture.run(new io.certatlas.cli.CertAtlasCommand(), all.toArray(String[]::new));
            assertThat(run.exitCode()).as(arguments.toString()).isEqualTo(3);
            assertThat(run.out().lines().toList()).as(arguments + ": " + run.err()).hasSize(1)
                    .allSatisfy(line -> assertThat(line).startsWith("CERTATLAS UNKNOWN - ").hasSizeGreaterThan(25));
        }
        // Other commands keep picocli's usage error on standard error.
        CommandCapture.Run query = CommandCapture.run(new io.certatlas.cli.CertAtlasCommand(), "query", "--bogus");
        assertThat(query.exitCode()).isEqualTo(2);
        assertThat(query.out()).isEmpty();
        assertThat(query.err()).contains("Unknown option: '--bogus'");
    }
}
