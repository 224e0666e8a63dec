package io.certatlas.store.embedded;

import io.certatlas.store.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that CertAtlas runs itself, from the binaries that come as a Maven
 * dependency, with its cluster in {@code <data-dir>/pg} kept across restarts.
 *
 * <p>Layout of the data directory: {@code pg/} the cluster, {@code postgres.password} the
 * generated database password (mode 0600), {@code postgres.port} the port chosen at first
 * start, {@code postgres.log} the server log.
 *
 * <p>A second process on the same data directory (an {@code import} while {@code serve} runs)
 * finds the running server through {@code pg/postmaster.pid} and a live login, and uses it
 * instead of starting another PostgreSQL on the same files. The server is stopped, on
 * {@link #close()} or at JVM exit, by the last process to use it ({@link ServerUsers}) that owns
 * it: the one that started it, or, when that one ended without stopping it ({@code kill -9}, a
 * crash) or left it to others still using it, the next one to come or the last to leave, which
 * adopts it ({@link ServerOwner}).
 *
 * <p>PostgreSQL refuses to run as root. When the effective uid is 0, every PostgreSQL command
 * runs under {@code unshare --user}: inside a fresh user namespace the process is uid 65534, so
 * that check passes, while its file access is still root's outside the namespace.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "certatlas";
    public static final String DATABASE = "certatlas";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final ReentrantLock IN_JVM = new ReentrantLock();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How the server runs. {@code durable = false} turns off fsync and friends: for tests and
     * throw-away demos only, a crash can then lose the cluster.
     */
    public record Settings(boolean durable) {
        public static Settings defaults() {
            return new Settings(true);
        }

        public static Settings forTests() {
            return new Settings(false);
        }
    }

    private final Path dataDirectory;
    private final PostgresBinaries binaries;
    private final int port;
    private final String password;
    private final boolean owned;
    private final List<String> notices;
    private final Thread shutdownHook;
    private volatile boolean left;

    private EmbeddedPostgres(Path dataDirectory, PostgresBinaries binaries, int port, String password,
                             boolean owned, List<String> notices) {
        this.dataDirectory = dataDirectory;
        this.binaries = binaries;
        this.port = port;
        this.password = password;
        this.owned = owned;
        this.notices = List.copyOf(notices);
        // Every user has the hook, not just the owner: a process that joined may be the last one left.
        this.shutdownHook = new Thread(this::leave, "certatlas-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static EmbeddedPostgres start(Path dataDirectory) {
        return start(dataDirectory, Settings.defaults());
    }

    /**
     * Starts the server of {@code dataDirectory}, or joins the one already running there.
     *
     * @throws EmbeddedPostgresException with a message saying what to change when the directory
     *                                   or the port cannot be used
     */
    public static EmbeddedPostgres start(Path dataDirectory, Settings settings) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        prepareDirectory(dir);
        IN_JVM.lock();
        try (FileChannel lockFile = FileChannel.open(dir.resolve("postgres.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            return startLocked(dir, settings);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not lock " + dir.resolve("postgres.lock") + ": "
                    + e.getMessage() + " (check that the data directory is on a local, writable file system)", e);
        } finally {
            IN_JVM.unlock();
        }
    }

    /**
     * Stops the server of {@code dataDirectory} if one runs there, whoever started it (for
     * clean-ups of servers whose owner is gone). Returns whether one was running.
     */
    public static boolean stopIfRunning(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        if (RunningServer.of(dir.resolve("pg")).isEmpty()) {
            return false;
        }
        PostgresBinaries binaries = PostgresBinaries.unpack(PostgresBinaries.defaultCacheRoot());
        run(binaries, List.of(binaries.pgCtl().toString(), "stop", "-D", dir.resolve("pg").toString(),
                "-m", "fast", "-w", "-t", "30"), dir, Duration.ofSeconds(40));
        return true;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * True when this process started the server or adopted an orphan (and stops it when it leaves
     * last); false when it joined one that another live process owns.
     */
    public boolean owned() {
        return owned;
    }

    /** Things the operator should know, such as a port that had to change. */
    public List<String> notices() {
        return notices;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Leaves stopping the server to {@link #close()}: no JVM shutdown hook of its own. For a
     * caller whose own hook stops, in order, what uses the database before closing it (the
     * server's HTTP, scan jobs and pool); JVM hooks run all at once, so this one would otherwise
     * stop PostgreSQL under them.
     */
    public void stopOnlyOnClose() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Too late to change: the hook is running.
        }
    }

    /**
     * Done with the server: stops it when this is the last process using it and this process
     * owns it (or can adopt it, its owner gone); otherwise leaves it running for the others.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway.
        }
        leave();
    }

    private void leave() {
        if (left) {
            return;
        }
        left = true;
        // Under the directory's lock, so that no process joins between the test for other users
        // and the stop: one that comes meanwhile waits, then finds no server and starts its own.
        IN_JVM.lock();
        try (FileChannel lockFile = FileChannel.open(dataDirectory.resolve("postgres.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            leaveLocked();
        } catch (IOException e) {
            LOG.warn("could not stop the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
        } finally {
            IN_JVM.unlock();
        }
    }

    private void leaveLocked() {
        try {
            if (!ServerUsers.leave(dataDirectory)) {
                return;
            }
            if (!ServerOwner.inThisJvm(dataDirectory) && !ServerOwner.take(dataDirectory)) {
                return;
            }
            Optional<FileChannel> alone = ServerUsers.alone(dataDirectory);
            if (alone.isEmpty()) {
                ServerOwner.release(dataDirectory);
                LOG.info("leaving the embedded PostgreSQL of {} running for the other processes using it;"
                        + " the last of them stops it", dataDirectory);
                return;
            }
            try {
                run(binaries, List.of(binaries.pgCtl().toString(), "stop", "-D", dataDirectory.resolve("pg").toString(),
                        "-m", "fast", "-w", "-t", "30"), dataDirectory, Duration.ofSeconds(40));
            } finally {
                ServerOwner.closeQuietly(alone.get());
                ServerOwner.release(dataDirectory);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not stop the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
        }
    }

    private static void prepareDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot create the data directory " + dir + " (" + e
                    + "): choose another with --data-dir, or create it and make it writable", e);
        }
        if (!Files.isDirectory(dir)) {
            throw new EmbeddedPostgresException(dir + " is not a directory: give --data-dir a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new EmbeddedPostgresException("the data directory " + dir + " is not writable by user "
                    + System.getProperty("user.name") + ": fix its permissions or choose another with --data-dir");
        }
        Path cluster = dir.resolve("pg");
        if (Files.exists(cluster) && !runningAsRoot()) {
            try {
                String owner = Files.getOwner(cluster).getName();
                if (!owner.equals(System.getProperty("user.name"))) {
                    throw new EmbeddedPostgresException("the database in " + cluster + " belongs to user " + owner
                            + ", not to " + System.getProperty("user.name") + ": run CertAtlas as " + owner
                            + " or choose another --data-dir");
                }
            } catch (IOException e) {
                throw new EmbeddedPostgresException("cannot read " + cluster + ": " + e.getMessage(), e);
            }
        }
    }

    private static EmbeddedPostgres startLocked(Path dir, Settings settings) {
        Path cluster = dir.resolve("pg");
        String password = passwordOf(dir, Files.exists(cluster));
        PostgresBinaries binaries = PostgresBinaries.unpack(PostgresBinaries.defaultCacheRoot());
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            initialise(binaries, dir);
        }
        Optional<RunningServer> running = RunningServer.of(cluster);
        if (running.isPresent()) {
            int runningPort = running.get().port();
            if (answers(runningPort, password, ATTACH_TIMEOUT)) {
                ServerUsers.join(dir);
                if (ServerOwner.take(dir)) {
                    LOG.warn("adopting the PostgreSQL left running on {} (pid {}) for {} by a process that ended without"
                            + " stopping it; it stops when this process ends", runningPort, running.get().pid(), dir);
                    return new EmbeddedPostgres(dir, binaries, runningPort, password, true, List.of());
                }
                LOG.info("using the PostgreSQL already running on {} (pid {}) for {}",
                        runningPort, running.get().pid(), dir);
                return new EmbeddedPostgres(dir, binaries, runningPort, password, false, List.of());
            }
            throw new EmbeddedPostgresException("a PostgreSQL process (pid " + running.get().pid() + ") holds "
                    + cluster + " but does not accept a login on 127.0.0.1:" + runningPort + " within "
                    + ATTACH_TIMEOUT.toSeconds() + " s: wait for it to finish starting, or stop it"
                    + " (kill " + running.get().pid() + ") and try again");
        }
        List<String> notices = new ArrayList<>();
        int port = choosePort(dir, notices);
        List<String> command = new ArrayList<>(List.of(binaries.pgCtl().toString(), "start", "-D", cluster.toString(),
                "-l", dir.resolve("postgres.log").toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds())));
        StringBuilder options = new StringBuilder("-p " + port);
        if (!settings.durable()) {
            options.append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        } else {
            options.append(" -c shared_buffers=").append(sharedBuffersMegabytes()).append("MB");
        }
        command.add("-o");
        command.add(options.toString());
        try {
            run(binaries, command, dir, START_TIMEOUT.plusSeconds(10));
        } catch (EmbeddedPostgresException e) {
            throw new EmbeddedPostgresException(e.getMessage() + "\nlast lines of " + dir.resolve("postgres.log")
                    + ":\n" + tail(dir.resolve("postgres.log"), 15), e);
        }
        // Taken after the start: a previous owner that is still alive although its server is not
        // (someone stopped PostgreSQL under it) keeps its lock, and this process still stops what it started.
        ServerOwner.take(dir);
        ServerUsers.join(dir);
        EmbeddedPostgres server = new EmbeddedPostgres(dir, binaries, port, password, true, notices);
        try {
            server.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            // The directory's locks are this thread's already.
            server.stopOnlyOnClose();
            server.left = true;
            server.leaveLocked();
            throw e;
        }
        notices.forEach(LOG::warn);
        return server;
    }

    /**
     * PostgreSQL's own page cache for a server that holds the inventory: an eighth of the
     * machine's memory, between PostgreSQL's default of 128 MiB and 1 GiB. With the default, a
     * page of 200 certificates out of a million read most of its rows through the operating
     * system's cache, a copy and a system call each (test clusters keep the default).
     */
    static long sharedBuffersMegabytes() {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return Math.clamp(total / 8 / (1024 * 1024), 128, 1024);
    }

    private void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL started but the database " + DATABASE
                    + " could not be created: " + e.getMessage(), e);
        }
    }

    private static void initialise(PostgresBinaries binaries, Path dir) {
        Path cluster = dir.resolve("pg");
        // initdb into a side directory and rename: an interrupted initdb never leaves a half cluster.
        Path partial = dir.resolve("pg.initialising");
        PostgresBinaries.deleteTree(partial);
        PostgresBinaries.deleteTree(cluster);
        Path passwordFile = dir.resolve("postgres.password");
        run(binaries, List.of(binaries.initdb().toString(), "-D", partial.toString(), "-U", USER,
                "-A", "scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C"), dir, Duration.ofMinutes(3));
        try {
            Files.writeString(partial.resolve("pg_hba.conf"), """
                    # CertAtlas: password logins over TCP from this machine only; no socket, no trust.
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
            Files.writeString(partial.resolve("postgresql.conf"), """

                    # CertAtlas embedded server
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = ''
                    max_connections = 100
                    """, StandardOpenOption.APPEND);
            Files.move(partial, cluster);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not configure the new database in " + partial + ": " + e.getMessage(), e);
        }
        LOG.info("created a new PostgreSQL cluster in {}", cluster);
    }

    private static String passwordOf(Path dir, boolean clusterExists) {
        Path file = dir.resolve("postgres.password");
        try {
            if (Files.exists(file)) {
                String password = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!password.isEmpty()) {
                    return password;
                }
            }
            if (clusterExists && Files.exists(dir.resolve("pg/PG_VERSION"))) {
                throw new EmbeddedPostgresException("the database password file " + file + " is missing or empty,"
                        + " but the database in " + dir.resolve("pg") + " needs it: restore the file, or move "
                        + dir.resolve("pg") + " away to start with an empty inventory");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.deleteIfExists(file);
            OwnerOnlyFile.create(file);
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return password;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not read or write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int choosePort(Path dir, List<String> notices) {
        Path file = dir.resolve("postgres.port");
        try {
            Optional<Integer> remembered = Files.exists(file)
                    ? Optional.of(Integer.parseInt(Files.readString(file).strip())) : Optional.empty();
            if (remembered.isPresent() && free(remembered.get())) {
                return remembered.get();
            }
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = socket.getLocalPort();
            }
            remembered.ifPresent(old -> notices.add("port " + old + " on 127.0.0.1, used by the embedded PostgreSQL"
                    + " of " + dir + " until now, is taken by another program: it now uses port " + port));
            Files.writeString(file, port + "\n");
            return port;
        } catch (IOException | NumberFormatException e) {
            throw new EmbeddedPostgresException("could not choose a port for the embedded PostgreSQL (" + file + "): "
                    + e.getMessage() + " (delete that file to choose a new port)", e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean answers(int port, String password, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        for (int attempt = 0; attempt < 200 && System.nanoTime() < deadline; attempt++) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props)) {
                return c.isValid(5);
            } catch (SQLException notYet) {
                sleep(Duration.ofMillis(200));
            }
        }
        return false;
    }

    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException noProc) {
            // Not Linux: fall back on the user name.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(PostgresBinaries binaries, List<String> command, Path dir, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            Path unshare = Path.of("/usr/bin/unshare");
            if (!Files.isExecutable(unshare)) {
                throw new EmbeddedPostgresException("PostgreSQL refuses to run as root and " + unshare + " (util-linux)"
                        + " is missing: run CertAtlas as an ordinary user, install util-linux, or use an external"
                        + " PostgreSQL with --db-url");
            }
            full.add(unshare.toString());
            full.add("--user");
        }
        full.addAll(command);
        Path output;
        try {
            output = Files.createTempFile("certatlas-pg-", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile())
                    .redirectErrorStream(true)
                    // A file, not a pipe: the postmaster that pg_ctl leaves behind must not hold our pipe open.
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("LC_ALL", "C");
            builder.environment().put("LANG", "C");
            builder.environment().put("TZ", "UTC");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedPostgresException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s:\n" + tail(output, 20));
            }
            if (process.exitValue() != 0) {
                throw new EmbeddedPostgresException("`" + String.join(" ", command) + "` failed (exit "
                        + process.exitValue() + "):\n" + tail(output, 20));
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not run " + full.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while running " + command.getFirst(), e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // A stray temp file is harmless.
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting for PostgreSQL", e);
        }
    }

    /** What {@code postmaster.pid} says about a server that is alive. */
    private record RunningServer(long pid, int port) {
        static Optional<RunningServer> of(Path cluster) {
            Path pidFile = cluster.resolve("postmaster.pid");
            try {
                if (!Files.exists(pidFile)) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(pidFile);
                if (lines.size() < 4) {
                    return Optional.empty();
                }
                long pid = Long.parseLong(lines.get(0).trim());
                int port = Integer.parseInt(lines.get(3).trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> new RunningServer(pid, port));
            } catch (IOException | NumberFormatException stale) {
                // A pid file we cannot read is treated as stale; postgres itself checks it again on start.
                return Optional.empty();
            }
        }
    }
}
