package io.certatlas.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL that is not CertAtlas's embedded one: Debian's {@code postgresql} package (another
 * major version, its own binaries under {@code /usr/lib/postgresql/N/bin}), in a cluster of its
 * own that the test starts, stops and starts again with {@code initdb}/{@code pg_ctl}, reached
 * only through a JDBC URL with a password, as an operator's server is ({@code --db-url}). As
 * root, each command runs under {@code unshare --user} (PostgreSQL refuses uid 0). {@code
 * ./run-tests} installs the package when it is missing; without it these tests fail and say so.
 * {@link #standby()} makes a hot standby of a running cluster with PostgreSQL's own physical
 * streaming replication ({@code pg_basebackup -R}), as an operator makes a read replica.
 */
public final class DebianPostgres implements AutoCloseable {

    public static final String USER = "certatlas_ops";

    private final Path binaries;
    private final Path directory;
    private final int port;
    private final String password;

    private DebianPostgres(Path binaries, Path directory, int port, String password) {
        this.binaries = binaries;
        this.directory = directory;
        this.port = port;
        this.password = password;
    }

    /** Initialises a new cluster in a temporary directory and starts it on a free loopback port. */
    public static DebianPostgres start() {
        Path binaries = binaries();
        try {
            Path directory = Files.createTempDirectory("certatlas-debian-pg-");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Path passwordFile = directory.resolve("password");
            Files.writeString(passwordFile, password + "\n");
            DebianPostgres server = new DebianPostgres(binaries, directory, freePort(), password);
            server.run("initdb", "-D", directory.resolve("cluster").toString(), "-U", USER,
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C");
            server.startAgain();
            // not left running when a test JVM ends before its class's @AfterAll
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("Debian's PostgreSQL is not installed (no"
                            + " /usr/lib/postgresql/N/bin/initdb): apt-get install -y postgresql (./run-tests does it as root)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The database the tests use: {@code postgres}, which every new cluster has. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String version() {
        return binaries.getParent().getFileName().toString();
    }

    /**
     * A hot standby of this cluster, streaming from it: a base backup taken with {@code
     * pg_basebackup -R} (which writes {@code standby.signal} and the connection to this server)
     * into a directory of its own, started on another free loopback port. Same user and password
     * (a physical copy has the same roles). Close it before this one.
     */
    public DebianPostgres standby() {
        try {
            Path standbyDirectory = Files.createTempDirectory("certatlas-debian-pg-standby-");
            DebianPostgres standby = new DebianPostgres(binaries, standbyDirectory, freePort(), password);
            standby.run("pg_basebackup", "-D", standbyDirectory.resolve("cluster").toString(), "-R", "-X", "stream",
                    "-c", "fast", "-d", "host=127.0.0.1 port=" + port + " user=" + USER + " password=" + password
                            + " application_name=certatlas_standby");
            standby.startAgain();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(standby::close));
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On a standby: stops applying the WAL it receives (it keeps answering reads, with older data). */
    public void pauseReplay() {
        execute("select pg_wal_replay_pause()");
    }

    /** On a standby: applies the WAL received meanwhile and goes on applying. */
    public void resumeReplay() {
        execute("select pg_wal_replay_resume()");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + jdbcUrl() + " failed: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Starts the cluster (again), on the same port, and waits until it accepts connections. */
    public void startAgain() {
        run("pg_ctl", "start", "-w", "-t", "60", "-D", directory.resolve("cluster").toString(),
                "-l", directory.resolve("server.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory
                        + " -c fsync=off -c max_connections=100");
    }

    /** Stops the cluster at once, as a crash or a failover would: open connections break. */
    public void stopAbruptly() {
        run("pg_ctl", "stop", "-D", directory.resolve("cluster").toString(), "-m", "immediate", "-w");
    }

    @Override
    public synchronized void close() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try {
            if (Files.exists(directory.resolve("cluster/postmaster.pid"))) {
                run("pg_ctl", "stop", "-D", directory.resolve("cluster").toString(), "-m", "fast", "-w");
            }
        } finally {
            deleteTree(directory);
        }
    }

    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("/usr/bin/unshare", "--user"));
        }
        full.add(binaries.resolve(command[0]).toString());
        full.addAll(List.of(command).subList(1, command.length));
        try {
            Path output = Files.createTempFile(directory, "command-", ".out");
            Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                    // a file, not a pipe: the postmaster pg_ctl leaves running must not hold our pipe open
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + full, e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
