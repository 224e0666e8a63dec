package io.certatlas.scan.probe;

import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.tls.Deadline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens one connection to the endpoint under test, ready for a ClientHello (connected, and past
 * any STARTTLS dialogue). The engine supplies it, so that the per-host connection cap and
 * pacing stay in one place; each probe opens exactly one connection and closes it.
 */
@FunctionalInterface
public interface ConnectionOpener {

    Socket open(Deadline deadline) throws IOException;

    /**
     * A plain TCP connect, bounded by the sooner of {@code connectTimeout} and the deadline: for
     * callers without an engine (tools, tests). No connection cap.
     */
    static ConnectionOpener direct(InetSocketAddress address, Duration connectTimeout) {
        return deadline -> {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                long millis = Math.min(connectTimeout.toMillis(), deadline.remaining().toMillis());
                socket.connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }

    /** This opener followed by the wrapper's pre-TLS dialogue; the socket is closed if the dialogue fails. */
    default ConnectionOpener thenPrepare(TlsWrapper wrapper, String serverName) {
        return deadline -> {
            Socket socket = open(deadline);
            try {
                wrapper.prepare(socket, serverName, deadline);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }
}
