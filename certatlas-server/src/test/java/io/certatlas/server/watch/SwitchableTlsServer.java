package io.certatlas.server.watch;

import io.certatlas.x509.issue.IssuedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A JSSE TLS server on a 127.0.0.x address whose certificate can be swapped while it runs, as a
 * renewal swaps it: every handshake after {@link #serve} presents the new certificate.
 */
final class SwitchableTlsServer implements AutoCloseable {

    private final SSLServerSocket socket;
    private final AtomicReference<IssuedCertificate> current;

    private SwitchableTlsServer(SSLServerSocket socket, AtomicReference<IssuedCertificate> current) {
        this.socket = socket;
        this.current = current;
    }

    static SwitchableTlsServer start(String address, IssuedCertificate first, X509Certificate issuer) throws Exception {
        AtomicReference<IssuedCertificate> current = new AtomicReference<>(first);
        X509ExtendedKeyManager keys = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return "current";
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return keyType.startsWith("RSA") || keyType.equals("RSASSA-PSS") ? "current" : null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {current.get().certificate(), issuer};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return current.get().privateKey();
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[0];
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return new String[] {"current"};
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {keys}, null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
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
                            // Scanners hang up after the handshake or the first flight.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new SwitchableTlsServer(socket, current);
    }

    void serve(IssuedCertificate next) {
        current.set(next);
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
