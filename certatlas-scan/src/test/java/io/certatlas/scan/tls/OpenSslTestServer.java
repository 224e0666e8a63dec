package io.certatlas.scan.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code openssl s_server} on a 127.0.0.x address with a fresh RSA 2048 self-signed
 * certificate, for what JSSE does not serve (ARIA, CAMELLIA, 1024-bit DHE, OpenSSL's
 * renegotiation switches). It serves one connection at a time. Callers check
 * {@link #available()} first.
 */
public final class OpenSslTestServer implements AutoCloseable {

    private final Process process;
    private final InetAddress address;
    private final int port;

    private OpenSslTestServer(Process process, InetAddress address, int port) {
        this.process = process;
        this.address = address;
        this.port = port;
    }

    /** Whether an {@code openssl} binary answers here. */
    public static boolean available() {
        try {
            return run(List.of("openssl", "version"), Path.of(".")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param dir       a scratch directory for the key, certificate and log
     * @param address   a loopback address such as "127.0.0.11"
     * @param arguments s_server options beyond -accept, -cert and -key (e.g. "-no_tls1_3", "-cipher", "...")
     */
    public static OpenSslTestServer start(Path dir, String address, List<String> arguments) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        if (!Files.exists(cert)) {
            int made = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=openssl.test",
                    "-days", "2", "-keyout", key.toString(), "-out", cert.toString()), dir);
            if (made != 0) {
                throw new IOException("openssl req failed (" + made + ")");
            }
        }
        InetAddress bound = InetAddress.getByName(address);
        int port = freePort(bound);
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-accept", address + ":" + port,
                "-cert", cert.toString(), "-key", key.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server-" + port + ".log").toFile()).start();
        OpenSslTestServer server = new OpenSslTestServer(process, bound, port);
        server.awaitListening();
        return server;
    }

    /** Makes DH parameters of {@code bits} (DSA-style generation, which takes a moment rather than minutes). */
    public static Path dhParameters(Path dir, int bits) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("dh" + bits + ".pem");
        if (!Files.exists(file) && run(List.of("openssl", "dhparam", "-dsaparam", "-out", file.toString(), String.valueOf(bits)), dir) != 0) {
            throw new IOException("openssl dhparam failed");
        }
        return file;
    }

    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    private void awaitListening() throws IOException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IOException("openssl s_server exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        close();
        throw new IOException("openssl s_server did not listen on " + address.getHostAddress() + ":" + port);
    }

    private static int run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
