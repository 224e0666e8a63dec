package io.certatlas.cli;

import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.server.tls.ServerIdentity;
import io.certatlas.store.Database;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.access.Accounts;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The training run of the JDK's ahead-of-time cache (JEP 483/514/515) for one kind of command,
 * run by the launcher the first time that kind of command starts after a build: it does what the
 * command does, in a throw-away data directory, so the classes it loads and the methods it runs
 * hot are in that command's cache. One cache per kind, because a JVM loads its whole cache at
 * start: the server's would make {@code --help} slower, not faster. Only loopback is contacted.
 */
@Command(name = "aot-training", hidden = true,
        description = "Does what one kind of command does, once, in a throw-away data directory.")
public final class AotTrainingCommand implements Callable<Integer> {

    /** The kinds of command that get a cache of their own; the launcher maps each command to one. */
    enum Workload { help, importing, scan, serve }

    @Parameters(paramLabel = "WORKLOAD", description = "help, importing, scan or serve")
    Workload workload;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("certatlas-aot-");
        try {
            Path data = work.resolve("data");
            boolean done = switch (workload) {
                case help -> printEveryUsage();
                case importing -> importSomeCertificates(work, data);
                case scan -> scanALoopbackPeer(data);
                case serve -> serveAndRead(data);
            };
            // A training run that failed part-way would record a cache that misses what it skipped.
            return done ? 0 : 1;
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    private static boolean printEveryUsage() {
        CommandLine root = new CommandLine(new CertAtlasCommand());
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        root.usage(nowhere);
        root.getSubcommands().values().forEach(command -> command.usage(nowhere));
        return true;
    }

    private static boolean run(String... args) {
        int code = new CommandLine(new CertAtlasCommand()).execute(args);
        System.out.println("aot-training: certatlas " + String.join(" ", args) + " -> exit " + code);
        return code == 0;
    }

    /** An import of a few dozen certificates into a new data directory, then of an empty directory. */
    private static boolean importSomeCertificates(Path work, Path data) throws IOException {
        Path certificates = Files.createDirectories(work.resolve("certificates"));
        Issuer authority = Issuer.selfSigned(CertificateSpec.authority("CertAtlas training CA"));
        KeyPair keys = KeyType.EC_P256.generate();
        for (int i = 0; i < 40; i++) {
            Files.writeString(certificates.resolve(i + ".pem"),
                    authority.issue(CertificateSpec.leaf("training-" + i + ".example"), keys).pem());
        }
        Path empty = Files.createDirectories(work.resolve("empty"));
        return run("import", "--data-dir", data.toString(), certificates.toString())
                && run("import", "--data-dir", data.toString(), empty.toString());
    }

    /** A recorded scan of a loopback TLS server this process runs (the identity a server would make). */
    private static boolean scanALoopbackPeer(Path data) throws Exception {
        ServerIdentity identity = ServerIdentity.load(data.resolve("peer"), Optional.empty(), Optional.empty());
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        char[] password = identity.keystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(identity.keystore())) {
            keystore.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keystore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        try (SSLServerSocket peer = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerHandshakes(peer));
            return run("scan", "--data-dir", data.toString(), "--format", "json", "127.0.0.1:" + peer.getLocalPort());
        }
    }

    private static void answerHandshakes(SSLServerSocket peer) {
        while (!peer.isClosed()) {
            try {
                Socket socket = peer.accept();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        socket.setSoTimeout(5_000);
                        ((SSLSocket) socket).startHandshake();
                    } catch (IOException e) {
                        // a probe that the peer refuses, as the scan expects
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** {@code serve --demo} on free loopback ports and the reads of the README's tour. */
    private static boolean serveAndRead(Path data) throws Exception {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        var settings = new ServerSettings(data, InetAddress.getLoopbackAddress(), 0, OptionalInt.of(0), false,
                Optional.empty(), Optional.empty(), OptionalLong.empty());
        try (Database database = Database.open(StoreLocation.dataDirectory(data))) {
            FirstManager.ensure(new Accounts(database.dsl()), data, Optional.of(password));
            DemoCommand.fillIfEmpty(database, System.out);
            try (CertAtlasServer server = CertAtlasServer.start(settings, database)) {
                return readApi("http://127.0.0.1:" + server.httpPort().orElseThrow(), password);
            }
        }
    }

    private static boolean readApi(String base, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("aot-training: POST /auth -> " + login.statusCode());
        if (login.statusCode() / 100 != 2) {
            return false;
        }
        String token = login.body().strip();
        boolean answered = true;
        List<String[]> reads = List.of(
                new String[] {"/certview/v1/certificates", "{\"filter\": \"expiryGroup:Expired\", \"pageSize\": 20}"},
                new String[] {"/certview/v1/certificates", "{\"filter\": \"publicKeyAlgorithm:RSA and asset:(tags.name:Production)\","
                        + " \"certificateDetails\": \"extended\"}"},
                new String[] {"/certview/v2/certificates", "{\"filter\": {\"filters\": [{\"field\": \"keySize\","
                        + " \"operator\": \"LESSER\", \"value\": 2048}]}, \"includes\": [\"ASSET_TAGS\"]}"});
        for (String[] read : reads) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + read[0]))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(read[1])).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("aot-training: POST " + read[0] + " -> " + page.statusCode());
            answered &= page.statusCode() == 200;
        }
        HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("aot-training: GET / -> " + dashboard.statusCode());
        return answered;
    }
}
