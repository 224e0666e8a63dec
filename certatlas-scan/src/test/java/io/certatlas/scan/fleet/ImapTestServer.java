package io.certatlas.scan.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** An IMAP server (RFC 3501 6.2.1) on a loopback address that answers STARTTLS and then serves a JSSE handshake. */
public final class ImapTestServer implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext context;

    public ImapTestServer(InetAddress address, KeyStore keyStore, char[] password) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        this.context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 1);
            OutputStream out = socket.getOutputStream();
            out.write("* OK [CAPABILITY IMAP4rev1 STARTTLS] imap.test ready\r\n".getBytes(StandardCharsets.US_ASCII));
            String command = in.readLine();
            String tag = command == null || command.indexOf(' ') < 0 ? "*" : command.substring(0, command.indexOf(' '));
            if (command == null || !command.toUpperCase(java.util.Locale.ROOT).endsWith(" STARTTLS")) {
                out.write((tag + " BAD expected STARTTLS\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write((tag + " OK Begin TLS negotiation now\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            tls.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The scanner hangs up after the handshake.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
