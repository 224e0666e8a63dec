package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.keys.KeyWeakness;
import io.certatlas.x509.keys.testing.WeakCertificates;
import io.certatlas.x509.keys.testing.WeakCertificates.Case;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The weak-key cases end to end through the commands a user runs: {@code certatlas scan} of loopback
 * TLS servers that serve each case (one address per case, 127.0.23.x) and {@code certatlas import}
 * of the same certificates as PEM files. Each case is found both ways; each control is not.
 */
class WeakKeysEndToEndTest {

    private static final WeakCertificates CASES = WeakCertificates.shared();
    private static final List<SSLServerSocket> SERVERS = new ArrayList<>();
    private static final List<String> ADDRESSES = new ArrayList<>();
    private static int port;

    @BeforeAll
    static void serveEveryCase() throws Exception {
        int host = 1;
        for (Case c : CASES.cases().values()) {
            String address = "127.0.23." + host++;
            SSLServerSocket server = serve(c, address, port);
            port = server.getLocalPort();
            SERVERS.add(server);
            ADDRESSES.add(address);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (SSLServerSocket server : SERVERS) {
            server.close();
        }
    }

    record Run(int exitCode, String output) {
    }

    static synchronized Run run(Object command, String... arguments) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            return new Run(new CommandLine(command).execute(arguments), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A fresh test database, its user and password in the URL as --db-url takes them. */
    static String freshUrl() {
        var pg = TestDatabase.server();
        String url = TestDatabase.freshJdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "user=" + java.net.URLEncoder.encode(pg.user(), StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(pg.password(), StandardCharsets.UTF_8);
    }

    static Set<String> matching(Database db, String qql) {
        return new TreeSet<>(db.dsl().select(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("c", "subject_name"), String.class))
                .from(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("certificate")).as("c"))
                .where(CertificateFilter.compile(qql).condition()).fetch(0, String.class));
    }

    static Set<Integer> keyFindings(Database db, String address) {
        Set<Integer> qids = new TreeSet<>(db.dsl().fetch("""
                SELECT f.qid FROM finding f JOIN host_instance i ON i.id = f.instance_id JOIN asset a ON a.id = i.asset_id
                WHERE host(a.primary_ip) = ? AND f.status = 'ACTIVE'""", address).getValues(0, Integer.class));
        qids.removeIf(q -> KeyWeakness.byQid(q).isEmpty());
        return qids;
    }

    @Test
    void aScanFindsEveryCaseOnItsEndpoint() {
        String url = freshUrl();
        List<String> arguments = new ArrayList<>(ADDRESSES);
        arguments.addAll(List.of("-p", String.valueOf(port), "--no-enumerate", "--db-url", url, "--concurrency", "4", "--per-host", "1",
                "--connect-timeout", "30", "--deadline", "90"));
        Run scan = run(new ScanCommand(), arguments.toArray(String[]::new));
        // A server whose certificate key is not a curve point signs its key exchange with a key that does not match it.
        // Whether the client notices depends on which provider verifies that signature (SunEC refuses the point, others
        // verify over it), so two outcomes are right: the handshake fails and eleven keys are checked (the ten other
        // leaves and the test CA), or it completes and the twelfth key is recorded and reported invalid.
        boolean offCurveRefused = scan.output().contains("protocol_violation 1");
        assertThat(scan.output()).contains(offCurveRefused
                ? "keys: 11 checked; 3 factorable, 1 ROCA-fingerprinted, 1 blocklisted, 0 invalid, 2 reused"
                : "keys: 12 checked; 3 factorable, 1 ROCA-fingerprinted, 1 blocklisted, 1 invalid, 2 reused");
        try (Database db = Database.open(new StoreLocation.JdbcUrl(url, Optional.empty(), Optional.empty()))) {
            int host = 0;
            for (Case c : CASES.cases().values()) {
                Set<Integer> found = keyFindings(db, ADDRESSES.get(host++));
                if (c.name().equals("off-curve") && offCurveRefused) {
                    // The handshake failed before a chain was recorded; import and KeyAuditTest cover this key.
                    assertThat(found).as(c.name()).isEmpty();
                    continue;
                }
                if (c.expected().isPresent()) {
                    assertThat(found).as(c.name() + "\n" + scan.output()).contains(c.expected().get().qid());
                } else {
                    assertThat(found).as(c.name()).isEmpty();
                }
            }
            assertThat(matching(db, "keyWeakness:Factorable"))
                    .containsExactlyInAnyOrder("shared-a.weak.test", "shared-b.weak.test", "close-primes.weak.test");
        }
    }

    @Test
    void anImportFindsEveryCaseAndSaysSo(@TempDir Path files) throws Exception {
        for (Case c : CASES.cases().values()) {
            Files.writeString(files.resolve(c.name() + ".pem"), c.certificate().pem());
        }
        String url = freshUrl();
        Run imported = run(new ImportCommand(), "--db-url", url, files.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("keys: " + CASES.cases().size() + " checked; 3 factorable, 1 ROCA-fingerprinted,"
                + " 1 blocklisted, 1 invalid, 2 reused");
        try (Database db = Database.open(new StoreLocation.JdbcUrl(url, Optional.empty(), Optional.empty()))) {
            for (Case c : CASES.cases().values()) {
                Set<String> weak = matching(db, "keyWeakness:" + c.expected().map(KeyWeakness::value).orElse("Factorable"));
                if (c.expected().isPresent()) {
                    assertThat(weak).as(c.name()).contains(c.name() + ".weak.test");
                } else {
                    assertThat(weak).as(c.name()).doesNotContain(c.name() + ".weak.test");
                }
            }
        }
        Run audit = run(new KeysCommand(), "audit", "--db-url", url);
        assertThat(audit.exitCode()).as(audit.output()).isEqualTo(1);
        assertThat(audit.output()).containsPattern("factorable\\s+3").containsPattern("reused\\s+2")
                .containsPattern("SharedPrime\\s+2");
    }

    /** A JSSE server on {@code address} serving the case's certificate and the test CA. */
    private static SSLServerSocket serve(Case c, String address, int port) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", c.certificate().privateKey(), "changeit".toCharArray(),
                new Certificate[] {c.certificate().certificate(), CASES.ca().certificate().certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
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
                            client.setSoTimeout(60_000);
                            client.startHandshake();
                            in.read();
                        } catch (java.io.IOException e) {
                            // the scanner hangs up after the handshake or its first flight
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
