package io.certatlas.scan.tls;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSSE TLS server on a 127.0.0.x address with chosen protocols and suites, accepting
 * connections concurrently (each handshake on its own virtual thread) until closed.
 */
public final class JsseTestServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();

    private JsseTestServer(SSLServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("jsse-test-server-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /**
     * @param address        a loopback address such as "127.0.0.5"
     * @param protocols      JSSE protocol names ("TLSv1", "TLSv1.2", "TLSv1.3")
     * @param suites         JSSE suite names, in the server's preference order
     * @param serverOrder    whether the server's order wins (SSLParameters.setUseCipherSuitesOrder)
     */
    public static JsseTestServer start(String address, List<String> protocols, List<String> suites, boolean serverOrder) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) TestServerIdentity.get().serverContext().getServerSocketFactory()
                .createServerSocket(0, 200, InetAddress.getByName(address));
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(protocols.toArray(String[]::new));
        params.setCipherSuites(suites.toArray(String[]::new));
        params.setUseCipherSuitesOrder(serverOrder);
        socket.setSSLParameters(params);
        return new JsseTestServer(socket);
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connectionsAccepted() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> handshake((SSLSocket) s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void handshake(SSLSocket s) {
        try (s) {
            s.setSoTimeout(3000);
            s.startHandshake();
            // Read on, as a real server would: that is what lets a client renegotiate (JSSE's
            // server accepts client-initiated renegotiation unless
            // jdk.tls.rejectClientInitiatedRenegotiation is set), until the client hangs up.
            byte[] buffer = new byte[1024];
            for (int i = 0; i < 64 && s.getInputStream().read(buffer) >= 0; i++) {
                // discard
            }
        } catch (IOException expected) {
            // probes hang up after the server's first flight
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
