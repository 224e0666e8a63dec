package io.certatlas.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.ScanCommandRunner;
import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Database;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.testing.TestPki;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * {@code certatlas scan --server}: a real server on the embedded store, a real TLS endpoint on
 * 127.0.0.36, the scan command run in-process; the API then shows what the remote scan found.
 */
@Timeout(180)
class RemoteScanTest {

    private static final String PASSWORD = "a manager password for remote scans";
    private static Database database;
    private static CertAtlasServer server;
    private static SSLServerSocket target;
    private static SSLServerSocket second;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh();
        var dataDirectory = Files.createTempDirectory("certatlas-remote-scan");
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(PASSWORD));
        new Accounts(database.dsl()).create("viewer", Passwords.encoder().encode("a viewer password!"), Role.USER, List.of());
        server = CertAtlasServer.start(new ServerSettings(dataDirectory, InetAddress.getByName("127.0.0.1"), 0, OptionalInt.of(0), false,
                Optional.empty(), Optional.empty()), database);
        target = tlsServer("127.0.0.36");
        second = tlsServer("127.0.0.37", target.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        second.close();
        server.close();
        database.close();
    }

    private static String https() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    private static String pin() {
        return server.identity().fingerprint();
    }

    @Test
    void aRemoteScanIsRecordedByTheServerAndShowsInTheApi() throws Exception {
        ScanCommandRunner.Run run = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", https(), "--server-fingerprint", pin(), "--enumeration-budget", "10");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("posted 1 TLS endpoint(s) to " + https() + "; the server recorded 1");

        RemoteServer remote = RemoteServer.at(https(), Optional.of(pin()));
        String token = remote.login(FirstManager.USERNAME, PASSWORD.toCharArray());
        JsonNode certificates = remote.post("/certview/v1/certificates", token,
                "{\"filter\": \"asset.interfaces.address:127.0.0.36 and type:Leaf\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(certificates.size()).as(certificates.toString()).isEqualTo(1);
        assertThat(certificates.get(0).get("subject").toString()).contains("localhost");
        JsonNode asset = certificates.get(0).get("assets").get(0);
        JsonNode instance = asset.get("hostInstances").get(0);
        assertThat(instance.get("port").asInt()).isEqualTo(target.getLocalPort());
        assertThat(instance.get("sslProtocols").toString()).contains("TLSv1.2", "TLSv1.3");
        // The server judges with the JDK's roots, which do not hold the test CA.
        assertThat(instance.get("grade").asString()).isEqualTo("T");
        assertThat(instance.get("vulnerabilities").toString()).contains("86002");
    }

    @Test
    void endpointsGoInBatchesOfTheGivenSize() {
        ScanCommandRunner.Run run = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "127.0.0.37", "-p", "" + target.getLocalPort(),
                "--server", https(), "--server-fingerprint", pin(), "--batch-size", "1", "--no-enumerate");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("posted 2 TLS endpoint(s) to " + https() + "; the server recorded 2");

        ScanCommandRunner.Run tooLarge = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "--server", https(), "--server-fingerprint", pin(),
                "--batch-size", "201");
        assertThat(tooLarge.exitCode()).isEqualTo(2);
        assertThat(tooLarge.output()).contains("--batch-size must be from 1 to 200");
    }

    @Test
    void aWrongFingerprintStopsTheCommandBeforeItScans() {
        String wrong = "00".repeat(32);
        ScanCommandRunner.Run run = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", https(), "--server-fingerprint", wrong);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("cannot reach").doesNotContain("endpoints scanned");
    }

    @Test
    void theJdkTrustStoreDoesNotTrustASelfMadeCertificate() {
        ScanCommandRunner.Run run = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "-p", "" + target.getLocalPort(), "--server", https());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("--server-fingerprint").doesNotContain("endpoints scanned");
    }

    @Test
    void aWrongPasswordIsTheServersMessage() {
        ScanCommandRunner.Run run = ScanCommandRunner.run("not the password", "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", https(), "--server-fingerprint", pin());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("refused the login of admin: the server answered 401");
    }

    @Test
    void anAccountThatMayNotPostResultsIsStoppedBeforeItScans() {
        ScanCommandRunner.Run run = ScanCommandRunner.run("a viewer password!", "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", https(), "--server-fingerprint", pin(), "--user", "viewer", "--no-enumerate");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
        assertThat(run.output()).contains("viewer is a user at " + https() + "; posting scan results needs the manager role")
                .doesNotContain("endpoints scanned").doesNotContain("403");
    }

    @Test
    void plainHttpIsForLoopbackOnly() {
        ScanCommandRunner.Run far = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", "http://192.0.2.10:8080");
        assertThat(far.exitCode()).isEqualTo(2);
        assertThat(far.output()).contains("in clear");

        ScanCommandRunner.Run near = ScanCommandRunner.run(PASSWORD, "127.0.0.36", "-p", "" + target.getLocalPort(),
                "--server", "http://127.0.0.1:" + server.httpPort().orElseThrow(), "--no-enumerate");
        assertThat(near.exitCode()).as(near.output()).isZero();
        assertThat(near.output()).contains("the server recorded 1");
    }

    @Test
    void withoutAPasswordTheCommandSaysWhereToGiveIt() {
        ScanCommandRunner.Run run = ScanCommandRunner.run("", "127.0.0.36", "--server", https());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("CERTATLAS_PASSWORD");
    }

    private static SSLServerSocket tlsServer(String address) throws Exception {
        return tlsServer(address, 0);
    }

    /** A JSSE server serving the test PKI's good chain, accepting until closed. */
    private static SSLServerSocket tlsServer(String address, int port) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        socket.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    SSLSocket client = (SSLSocket) socket.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client; InputStream in = client.getInputStream()) {
                            client.setSoTimeout(5000);
                            client.startHandshake();
                            in.read();
                        } catch (java.io.IOException e) {
                            // scanners hang up after the handshake or the first flight
                        }
                    });
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        return socket;
    }
}
