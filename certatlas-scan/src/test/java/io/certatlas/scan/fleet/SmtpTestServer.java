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

/**
 * An SMTP server (RFC 3207) on a loopback address that offers STARTTLS and then serves a JSSE
 * handshake on the same connection, or, when told, does not offer STARTTLS at all.
 */
public final class SmtpTestServer implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext context;
    private final boolean offersStartTls;

    public SmtpTestServer(InetAddress address, KeyStore keyStore, char[] password, boolean offersStartTls) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        this.context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.offersStartTls = offersStartTls;
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
            out.write("220 mail.test ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine(); // EHLO
            out.write((offersStartTls ? "250-mail.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n" : "250-mail.test\r\n250 8BITMIME\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (!offersStartTls) {
                in.readLine();
                return;
            }
            in.readLine(); // STARTTLS
            out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
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
