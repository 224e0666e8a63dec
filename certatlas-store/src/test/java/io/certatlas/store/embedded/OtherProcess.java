package io.certatlas.store.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A second JVM running {@link OrphanMaker} on a data directory: file locks belong to processes,
 * so ownership and use of the embedded server can only be tried from another one.
 */
final class OtherProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private OtherProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static OtherProcess start(Path dataDirectory) throws IOException {
        return new OtherProcess(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), dataDirectory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** The next line of its output that starts with {@code prefix}; null when it ended first. */
    String lineStartingWith(String prefix) throws IOException {
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith(prefix));
        return line;
    }

    /** Asks it to close its server. */
    void askToClose() throws IOException {
        in.write("close\n");
        in.flush();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
