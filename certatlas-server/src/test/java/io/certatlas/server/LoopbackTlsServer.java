package io.certatlas.server;

import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JSSE TLS server on a 127.0.0.x address serving the test PKI's good chain (TLS 1.2 and 1.3),
 * accepting connections concurrently until closed: a real endpoint for scan tests.
 */
public final class LoopbackTlsServer implements AutoCloseable {

    private final SSLServerSocket socket;

    private LoopbackTlsServer(SSLServerSocket socket) {
        this.socket = socket;
    }

    public static LoopbackTlsServer start(String loopbackAddress) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestPki.shared().keyStore(TestPki.Case.GOOD), TestPki.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
        socket.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    SSLSocket client = (SSLSocket) socket.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client; InputStream in = client.getInputStream()) {
                            client.setSoTimeout(5000);
                            client.startHandshake();
                            in.read();
                        } catch (IOException e) {
                            // Scanners and probes hang up after the handshake or the first flight.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new LoopbackTlsServer(socket);
    }

    public InetAddress address() {
        return socket.getInetAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
