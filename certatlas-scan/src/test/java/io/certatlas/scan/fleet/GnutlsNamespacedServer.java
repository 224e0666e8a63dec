package io.certatlas.scan.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@code gnutls-serv} (for what OpenSSL will not serve: a server with no RFC 5746 at all,
 * {@code %DISABLE_SAFE_RENEGOTIATION}) inside a network namespace this class creates, since
 * gnutls-serv binds the wildcard address and must never listen on the machine's interfaces.
 * The scanner reaches it on a 127.0.0.x port of the test's own namespace through two socat
 * relays joined by a Unix socket in the scratch directory (a Unix socket crosses network
 * namespaces; no interface is added to the machine). Everything is removed on close.
 */
public final class GnutlsNamespacedServer implements AutoCloseable {

    private final String namespace;
    private final List<Process> processes;
    private final InetAddress address;
    private final int port;
    private final Path log;

    private GnutlsNamespacedServer(String namespace, List<Process> processes, InetAddress address, int port, Path log) {
        this.namespace = namespace;
        this.processes = processes;
        this.address = address;
        this.port = port;
        this.log = log;
    }

    /** Why this machine cannot run one (not root, no {@code ip netns}, no gnutls-serv or socat), or empty when it can. */
    public static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; this test runs as " + System.getProperty("user.name"));
        }
        for (List<String> probe : List.of(List.of("ip", "netns", "list"), List.of("gnutls-serv", "--version"),
                List.of("socat", "-V"))) {
            try {
                if (run(probe, Path.of(".")) != 0) {
                    return Optional.of("'" + String.join(" ", probe) + "' does not work here");
                }
            } catch (IOException e) {
                return Optional.of(probe.get(0) + " is not installed (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * @param dir      scratch directory (key, certificate, Unix socket, log)
     * @param address  the 127.0.0.x address the scanner connects to
     * @param priority a GnuTLS priority string, e.g. {@code NORMAL:%DISABLE_SAFE_RENEGOTIATION:-VERS-TLS1.3}
     * @param options  further gnutls-serv options (it asks for a client certificate unless given {@code -a})
     */
    public static GnutlsNamespacedServer start(Path dir, String address, String priority, List<String> options) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve("gnutls-key.pem");
        Path cert = dir.resolve("gnutls-cert.pem");
        if (run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=gnutls.test", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString()), dir) != 0) {
            throw new IOException("openssl req failed");
        }
        String namespace = "certatlas-" + UUID.randomUUID().toString().substring(0, 8);
        if (run(List.of("ip", "netns", "add", namespace), dir) != 0) {
            throw new IOException("ip netns add " + namespace + " failed");
        }
        List<Process> processes = new ArrayList<>();
        InetAddress bound = InetAddress.getByName(address);
        Path log = dir.resolve("gnutls-serv.log");
        try {
            run(List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"), dir);
            int inner = 4433;
            List<String> serve = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "gnutls-serv", "--echo", "-p",
                    String.valueOf(inner), "--x509certfile", cert.toString(), "--x509keyfile", key.toString(), "--priority", priority));
            serve.addAll(options);
            processes.add(new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            Path socket = dir.resolve("gnutls.sock");
            processes.add(new ProcessBuilder("ip", "netns", "exec", namespace, "socat",
                    "UNIX-LISTEN:" + socket + ",fork", "TCP:127.0.0.1:" + inner)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("socat-inner.log").toFile()).start());
            int port = freePort(bound);
            processes.add(new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=" + address + ",fork,reuseaddr",
                    "UNIX-CONNECT:" + socket)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("socat-outer.log").toFile()).start());
            GnutlsNamespacedServer server = new GnutlsNamespacedServer(namespace, processes, bound, port, log);
            server.awaitServing(socket);
            return server;
        } catch (IOException | RuntimeException e) {
            new GnutlsNamespacedServer(namespace, processes, bound, 0, log).close();
            throw e;
        }
    }

    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until gnutls-serv says it listens and the relays are up. */
    private void awaitServing(Path socket) throws IOException {
        for (int i = 0; i < 200; i++) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException("a process of the gnutls test server exited with " + process.exitValue() + ": " + log());
                }
            }
            if (Files.exists(socket) && log().contains("listening on IPv4") && listening()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("gnutls-serv did not start in namespace " + namespace + ": " + log());
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
        return p.exitValue();
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process process : processes.reversed()) {
            // `ip netns exec` passes the signal on to the program it runs; children die with it
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            run(List.of("ip", "netns", "delete", namespace), Path.of("."));
        } catch (IOException ignored) {
            // nothing more to do; the name is unique, so a left-over namespace harms no later run
        }
    }
}
