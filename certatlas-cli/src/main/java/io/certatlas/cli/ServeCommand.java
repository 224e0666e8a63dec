package io.certatlas.cli;

import io.certatlas.server.CertAtlasServer;
import io.certatlas.server.ServerSettings;
import io.certatlas.server.scanning.ScanWorkSettings;
import io.certatlas.server.security.FirstManager;
import io.certatlas.store.Database;
import io.certatlas.store.ReadReplica;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.embedded.EmbeddedPostgres;
import io.certatlas.store.jobs.Zone;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code certatlas serve}: the API over HTTPS (and plain HTTP on loopback) on the local store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
                "Start the server: the Certificate View API over HTTPS, with the embedded PostgreSQL store.",
                "On first start it makes its own TLS certificate and a manager account 'admin' whose password"
                        + " is CERTATLAS_ADMIN_PASSWORD, or else generated into <data-dir>/initial-admin-password."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Mixin
    ReadReplicaOptions readReplica;

    @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--port", defaultValue = "8080",
            description = "Plain HTTP port, served only on a loopback address unless --plain-http-everywhere (default: ${DEFAULT-VALUE}; -1: none).")
    int httpPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--plain-http-everywhere",
            description = "Also serve plain HTTP when bound to a non-loopback address (tokens then cross the network in clear).")
    boolean plainHttpEverywhere;

    @Option(names = "--tls-cert", description = "PEM certificate chain to serve HTTPS with (default: one CertAtlas makes).")
    Optional<Path> tlsCertificate;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert.")
    Optional<Path> tlsKey;

    @Option(names = "--page-cache-mib",
            description = "MiB of compressed certificate pages kept to answer repeated questions while the inventory"
                    + " has not changed (default: an eighth of the heap, at most 64; 0: none).")
    Optional<Long> pageCacheMebibytes;

    @Option(names = "--query-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long one database statement of an API read (a list, count or export) may run; then it is"
                    + " stopped and the request answered 503 QUERY_TIMEOUT (default: 30; 1 to 3600).")
    int queryTimeoutSeconds;

    /** 1 TiB: beyond any heap, and far from overflowing a byte count. */
    private static final long MAX_PAGE_CACHE_MIB = 1L << 20;

    @Option(names = "--zone", paramLabel = "NAME",
            description = {"Also run the scan jobs of this network zone here (repeatable); by default this server's",
                    "runner takes only jobs without a zone, and zoned jobs wait for a 'certatlas scanner' of their zone."})
    List<String> zones = new ArrayList<>();

    @Option(names = "--agent-lease", paramLabel = "SECONDS", defaultValue = "60",
            description = {"How long a scanner agent keeps a job without a heartbeat; then the job is queued again",
                    "for another agent (default: ${DEFAULT-VALUE}; 2 to 3600)."})
    double agentLeaseSeconds;

    @Option(names = "--demo", description = "Fill an empty store with a generated demo inventory before serving.")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            System.err.println("certatlas: --bind " + bind + " is not an address of this machine; use e.g. 127.0.0.1 or 0.0.0.0");
            return 2;
        }
        if (pageCacheMebibytes.isPresent() && (pageCacheMebibytes.get() < 0 || pageCacheMebibytes.get() > MAX_PAGE_CACHE_MIB)) {
            System.err.println("certatlas: --page-cache-mib must be from 0 (no cache) to " + MAX_PAGE_CACHE_MIB
                    + ", was " + pageCacheMebibytes.get());
            return 2;
        }
        ServerSettings settings;
        Optional<ReadReplica.Settings> replica;
        ScanWorkSettings scanWork;
        try {
            replica = readReplica.settings(store);
            scanWork = new ScanWorkSettings(zones.stream().map(ServeCommand::zone).distinct().toList(),
                    Duration.ofMillis(Math.round(agentLeaseSeconds * 1000)));
            settings = new ServerSettings(store.dataDirectory(), address, httpsPort,
                    httpPort < 0 ? OptionalInt.empty() : OptionalInt.of(httpPort), plainHttpEverywhere,
                    tlsCertificate, tlsKey, pageCacheMebibytes.isPresent()
                            ? OptionalLong.of(pageCacheMebibytes.get() * (1L << 20)) : OptionalLong.empty(),
                    Duration.ofSeconds(queryTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas: " + e.getMessage());
            return 2;
        }
        Database database = store.open(replica);
        // Stopped by the hook below, after what uses it (HTTP, scan jobs, pool), not beside them.
        database.embeddedServer().ifPresent(EmbeddedPostgres::stopOnlyOnClose);
        CountDownLatch stopped = new CountDownLatch(1);
        CertAtlasServer server;
        try {
            var outcome = FirstManager.ensure(new Accounts(database.dsl()), store.dataDirectory(),
                    Optional.ofNullable(System.getenv("CERTATLAS_ADMIN_PASSWORD")));
            if (demo) {
                DemoCommand.fillIfEmpty(database, System.out);
            }
            server = CertAtlasServer.start(settings, database, Clock.systemUTC(), scanWork);
            printWelcome(server, settings, outcome, database.readReplica());
        } catch (RuntimeException e) {
            database.close();
            System.err.println("certatlas: the server could not start: " + rootMessage(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            long start = System.nanoTime();
            System.out.println("certatlas: stopping");
            try {
                server.close();
            } finally {
                database.close();
                System.out.printf("certatlas: stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
                stopped.countDown();
            }
        }));
        stopped.await();
        return 0;
    }

    private static void printWelcome(CertAtlasServer server, ServerSettings settings, FirstManager.Outcome outcome,
                                     Optional<ReadReplica> readReplica) {
        String address = settings.bindAddress().isAnyLocalAddress() ? "127.0.0.1" : settings.bindAddress().getHostAddress();
        String host = address.contains(":") ? "[" + address + "]" : address;
        System.out.println("CertAtlas is serving the Certificate View API");
        System.out.println("  HTTPS:  https://" + host + ":" + server.httpsPort() + "/");
        server.httpPort().ifPresent(port -> System.out.println("  HTTP:   http://" + host + ":" + port + "/   (loopback only)"));
        System.out.println("  TLS certificate SHA-256 fingerprint: " + server.identity().fingerprint()
                + (server.identity().generated() ? "  (made by CertAtlas; CA in " + settings.dataDirectory().resolve("tls/ca.pem") + ")" : ""));
        switch (outcome) {
            case FirstManager.Outcome.Generated generated -> System.out.println(
                    "  First manager: user 'admin', password written to " + generated.passwordFile());
            case FirstManager.Outcome.FromEnvironment env -> System.out.println(
                    "  First manager: user 'admin', password from CERTATLAS_ADMIN_PASSWORD");
            case FirstManager.Outcome.AlreadyThere there -> { }
        }
        String login = "  Log in: curl -sk https://" + host + ":" + server.httpsPort() + "/auth -d username=";
        Path generatedPassword = settings.dataDirectory().resolve("initial-admin-password");
        if (outcome instanceof FirstManager.Outcome.FromEnvironment) {
            System.out.println(login + "admin -d \"password=$CERTATLAS_ADMIN_PASSWORD\"");
        } else if (Files.isReadable(generatedPassword)) {
            System.out.println(login + "admin -d \"password=$(cat " + generatedPassword + ")\"");
        } else {
            // The store had its accounts before this start, and the generated password file is gone
            // (or never was): pointing at it would send the user to a file that does not exist.
            System.out.println(login + "<user> -d \"password=...\"  (with an account of this store; `certatlas user"
                    + " list` shows them and `certatlas user password <name>` sets a new password)");
        }
        readReplica.ifPresent(reads -> System.out.println("  Lists, counts and exports read on the " + reads
                + " while within " + reads.maxLag().toMillis() / 1000.0 + " s of the primary (now: "
                + (reads.usable() ? "in use" : "skipped, see the log") + ")"));
        System.out.println("Press Ctrl-C to stop.");
    }

    private static Zone zone(String name) {
        try {
            return new Zone(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--zone: " + e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.net.BindException || message.contains("Address already in use")) {
            return "a port is already in use (" + message + "); choose others with --https-port and --port";
        }
        return message;
    }
}
