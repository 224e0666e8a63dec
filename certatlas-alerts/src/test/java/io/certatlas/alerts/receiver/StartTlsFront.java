package io.certatlas.alerts.receiver;

import io.certatlas.x509.issue.IssuedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * GreenMail's SMTP server speaks no STARTTLS (it has SMTPS only), so this front does the part
 * before TLS as RFC 3207 says (greeting, EHLO offering STARTTLS, "220 ready"), upgrades the
 * connection with its own certificate, and from then on passes the bytes to GreenMail's plain
 * SMTP port, whose greeting it swallows: the client's second EHLO, AUTH, MAIL, RCPT and DATA all
 * reach the real server, inside TLS. It counts the upgrades it did.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger upgrades = new AtomicInteger();

    StartTlsFront(IssuedCertificate certificate, X509Certificate issuer, int greenMailPort) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("relay", certificate.privateKey(), "pw".toCharArray(), new X509Certificate[] {certificate.certificate(), issuer});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> serve(client, tls, greenMailPort));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket client, SSLContext tls, int greenMailPort) {
        try (client) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            write(out, "220 front.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                if (verb.equals("EHLO")) {
                    write(out, "250-front.test\r\n250 STARTTLS");
                } else if (line.equalsIgnoreCase("STARTTLS")) {
                    write(out, "220 ready to start TLS");
                    break;
                } else if (verb.equals("QUIT")) {
                    write(out, "221 bye");
                    return;
                } else {
                    write(out, "530 must issue STARTTLS first");
                }
            }
            if (line == null) {
                return;
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(), true);
            secure.setUseClientMode(false);
            secure.startHandshake();
            upgrades.incrementAndGet();
            try (Socket relay = new Socket(InetAddress.getLoopbackAddress(), greenMailPort)) {
                relay.setSoTimeout(10_000);
                InputStream fromRelay = relay.getInputStream();
                BufferedReader greeting = new BufferedReader(new InputStreamReader(fromRelay, StandardCharsets.US_ASCII), 1);
                greeting.readLine();
                Thread back = Thread.ofVirtual().start(() -> pipe(fromRelay, secure));
                pipe(secure.getInputStream(), relay);
                back.join(5_000);
            }
        } catch (IOException | InterruptedException e) {
            // The client or the relay hung up.
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = from.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    int port() {
        return socket.getLocalPort();
    }

    int upgrades() {
        return upgrades.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
