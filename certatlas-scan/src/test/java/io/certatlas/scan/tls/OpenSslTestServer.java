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
    private final Path log;

    private OpenSslTestServer(Process process, InetAddress address, int port, Path log) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.log = log;
    }

    /** What s_server printed so far (it reports parameters it could not load here, then serves its defaults). */
    public String log() throws IOException {
        return Files.readString(log);
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
        return start(dir, address, arguments, false);
    }

    /**
     * As {@link #start(Path, String, List)}, at OpenSSL's security level 0 from the start. A
     * {@code @SECLEVEL=0} in {@code -cipher} comes too late for {@code -dhparam}: s_server sets the
     * DH group first and refuses one under 2048 bits at Debian's default level ("dh key too
     * small"), so the level is given through an OpenSSL configuration file instead. OpenSSL 3
     * still refuses DH groups under 1024 bits even there.
     */
    public static OpenSslTestServer startAtSecurityLevelZero(Path dir, String address, List<String> arguments) throws IOException {
        return start(dir, address, arguments, true);
    }

    private static OpenSslTestServer start(Path dir, String address, List<String> arguments, boolean levelZero) throws IOException {
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
        Path log = dir.resolve("s_server-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (levelZero) {
            Path config = dir.resolve("openssl-seclevel0.cnf");
            Files.writeString(config, String.join("\n", "openssl_conf = default_conf", "[default_conf]", "ssl_conf = ssl_sect",
                    "[ssl_sect]", "system_default = system_default_sect", "[system_default_sect]",
                    "CipherString = DEFAULT@SECLEVEL=0", ""));
            builder.environment().put("OPENSSL_CONF", config.toString());
        }
        Process process = builder.start();
        OpenSslTestServer server = new OpenSslTestServer(process, bound, port, log);
        server.awaitListening();
        return server;
    }

    /**
     * Makes a DH group of its own of {@code bits}, as an administrator's {@code openssl dhparam}
     * does, in the PKCS#3 form s_server loads. The group is generated DSA-style (a moment rather
     * than the half minute a 2048-bit safe prime takes here); OpenSSL 3 writes that as X9.42
     * parameters, which s_server refuses ("unexpected parameters type") and then silently serves
     * its built-in group instead, so p and g are rewritten as PKCS#3 DHParameter.
     */
    public static Path dhParameters(Path dir, int bits) throws IOException {
        Files.createDirectories(dir);
        Path x942 = dir.resolve("dh" + bits + "-x942.pem");
        Path file = dir.resolve("dh" + bits + ".pem");
        if (Files.exists(file)) {
            return file;
        }
        if (run(List.of("openssl", "dhparam", "-dsaparam", "-out", x942.toString(), String.valueOf(bits)), dir) != 0) {
            throw new IOException("openssl dhparam failed");
        }
        byte[] der;
        try (var reader = new org.bouncycastle.util.io.pem.PemReader(Files.newBufferedReader(x942))) {
            org.bouncycastle.util.io.pem.PemObject pem = reader.readPemObject();
            if (pem == null) {
                throw new IOException("openssl dhparam wrote no PEM block to " + x942);
            }
            der = pem.getContent();
        }
        // X9.42 DomainParameters begin with p and g, which is all PKCS#3 DHParameter holds.
        var x942Sequence = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        var pkcs3 = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                x942Sequence.getObjectAt(0), x942Sequence.getObjectAt(1)});
        try (var writer = new org.bouncycastle.util.io.pem.PemWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("DH PARAMETERS", pkcs3.getEncoded()));
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
                throw new IOException("openssl s_server exited with " + process.exitValue() + ": " + Files.readString(log).strip());
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
