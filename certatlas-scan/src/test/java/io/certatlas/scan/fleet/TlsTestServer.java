package io.certatlas.scan.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JSSE TLS server on a loopback address for scanner tests. It accepts concurrently (one
 * virtual thread per connection), serves the key store's chain, and counts connections open at
 * once into a {@link ConnectionCounter} that several servers may share. It can serve a 1024-bit
 * RSA key and SHA-1 signed chains because the test JVM starts with the JDK's disabled-algorithm
 * lists cleared ({@code io.certatlas.scan.tls.LegacyCryptoForTests}).
 */
public final class TlsTestServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final ConnectionCounter counter;
    private final Duration delayBeforeHandshake;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    public TlsTestServer(InetAddress address, int port, KeyStore keyStore, char[] password, ConnectionCounter counter,
                         Duration delayBeforeHandshake) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 512);
        this.counter = counter;
        this.delayBeforeHandshake = delayBeforeHandshake;
        this.acceptor = Thread.ofVirtual().name("tls-test-server-" + address.getHostAddress()).start(this::acceptLoop);
    }

    public TlsTestServer(InetAddress address, int port, KeyStore keyStore, char[] password) throws Exception {
        this(address, port, keyStore, password, new ConnectionCounter(), Duration.ZERO);
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    public ConnectionCounter counter() {
        return counter;
    }

    /**
     * Connections accepted so far. Counted before the connection is served, so a client that has
     * finished a handshake is always counted, even when the serving thread has not yet seen the
     * handshake's end.
     */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve((SSLSocket) socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * With a delay, a connection is counted only while the server sits on it before the handshake:
     * that window lies wholly inside the client's use of the connection, so the count never
     * includes a connection the client has already closed but this thread has not yet noticed.
     */
    private void serve(SSLSocket socket) {
        counter.opened();
        boolean counted = true;
        try (socket) {
            socket.setSoTimeout(10_000);
            if (!delayBeforeHandshake.isZero()) {
                Thread.sleep(delayBeforeHandshake);
                counter.closed();
                counted = false;
            }
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            // Wait for the client's close_notify or close, as a real server would.
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException | InterruptedException e) {
            // Clients that hang up mid-handshake are part of the job.
        } finally {
            if (counted) {
                counter.closed();
            }
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        acceptor.interrupt();
    }
}
