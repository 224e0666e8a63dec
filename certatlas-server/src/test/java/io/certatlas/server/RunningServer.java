package io.certatlas.server;

import io.certatlas.server.security.FirstManager;
import io.certatlas.store.Database;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real server for a test class: a fresh database on the shared embedded PostgreSQL, its own
 * data directory, HTTPS on a free loopback port, and an HTTP client that trusts only the
 * certificate this server made for itself.
 */
public final class RunningServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "correct horse battery staple";

    public final Database database;
    public final Path dataDirectory;
    public final CertAtlasServer server;
    public final HttpClient client;

    private final boolean ownsDatabase;

    private RunningServer(Database database, Path dataDirectory, CertAtlasServer server, HttpClient client,
                          boolean ownsDatabase) {
        this.database = database;
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.client = client;
        this.ownsDatabase = ownsDatabase;
    }

    /** A server on a fresh database of its own, closed with it. */
    public static RunningServer start() {
        Database database = TestDatabase.fresh();
        Path dataDirectory = temporaryDirectory();
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(ADMIN_PASSWORD));
        return start(database, dataDirectory, OptionalLong.empty(), true);
    }

    /** A server on a fresh database of its own whose API reads may each run this long. */
    public static RunningServer withQueryTimeout(Duration queryTimeout) {
        Database database = TestDatabase.fresh();
        Path dataDirectory = temporaryDirectory();
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(ADMIN_PASSWORD));
        return start(database, dataDirectory, OptionalLong.empty(), queryTimeout, true);
    }

    /** A server on a fresh database of its own that tells the time by {@code clock}. */
    public static RunningServer withClock(Clock clock) {
        Database database = TestDatabase.fresh();
        Path dataDirectory = temporaryDirectory();
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(ADMIN_PASSWORD));
        return start(database, dataDirectory, OptionalLong.empty(), ServerSettings.DEFAULT_QUERY_TIMEOUT, true, clock);
    }

    /** A server on this database (an external one, say), closing it with the server. */
    public static RunningServer on(Database database) {
        Path dataDirectory = temporaryDirectory();
        FirstManager.ensure(new Accounts(database.dsl()), dataDirectory, Optional.of(ADMIN_PASSWORD));
        return start(database, dataDirectory, OptionalLong.empty(), true);
    }

    /**
     * A second server on the database and the data directory of {@code first}, as servers behind
     * one load balancer run: the same token key, alert-secret key and TLS identity.
     */
    public static RunningServer sharing(RunningServer first) {
        return start(first.database, first.dataDirectory, OptionalLong.empty(), false);
    }

    /** A second server on the database of {@code first}, with this page cache size (0: none). */
    public static RunningServer beside(RunningServer first, long pageCacheBytes) {
        return start(first.database, temporaryDirectory(), OptionalLong.of(pageCacheBytes), false);
    }

    private static RunningServer start(Database database, Path dataDirectory, OptionalLong pageCacheBytes,
                                       boolean ownsDatabase) {
        return start(database, dataDirectory, pageCacheBytes, ServerSettings.DEFAULT_QUERY_TIMEOUT, ownsDatabase);
    }

    private static RunningServer start(Database database, Path dataDirectory, OptionalLong pageCacheBytes,
                                       Duration queryTimeout, boolean ownsDatabase) {
        return start(database, dataDirectory, pageCacheBytes, queryTimeout, ownsDatabase, Clock.systemUTC());
    }

    private static RunningServer start(Database database, Path dataDirectory, OptionalLong pageCacheBytes,
                                       Duration queryTimeout, boolean ownsDatabase, Clock clock) {
        try {
            ServerSettings settings = new ServerSettings(dataDirectory, InetAddress.getByName("127.0.0.1"), 0,
                    OptionalInt.of(0), false, Optional.empty(), Optional.empty(), pageCacheBytes, queryTimeout);
            CertAtlasServer server = CertAtlasServer.start(settings, database, clock);
            return new RunningServer(database, dataDirectory, server, trustingClient(server), ownsDatabase);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("certatlas-server-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI https(String path) {
        return URI.create("https://127.0.0.1:" + server.httpsPort() + path);
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort().orElseThrow() + path);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> login(String username, String password) {
        return send(HttpRequest.newBuilder(https("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
                        + "&token=true&permissions=true"))
                .build());
    }

    public String token(String username, String password) {
        HttpResponse<String> response = login(username, password);
        if (response.statusCode() != 201) {
            throw new AssertionError("login of " + username + " failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    public String adminToken() {
        return token(FirstManager.USERNAME, ADMIN_PASSWORD);
    }

    /** POST with a JSON body the way curl -d sends it: no Accept header, form content type. */
    public HttpResponse<String> post(String path, String token, String body) {
        return send(HttpRequest.newBuilder(https(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(https(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    @Override
    public void close() {
        server.close();
        if (ownsDatabase) {
            database.close();
        }
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpClient trustingClient(CertAtlasServer server) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(server.identity().keystore())) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(in, server.identity().keystorePassword().toCharArray());
                var chain = own.getCertificateChain(own.aliases().nextElement());
                trust.setCertificateEntry("ca", chain[chain.length - 1]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the test server's certificate", e);
        }
    }
}
