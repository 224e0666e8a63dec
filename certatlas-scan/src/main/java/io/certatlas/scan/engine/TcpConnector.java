package io.certatlas.scan.engine;

import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.Deadline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opens one plain blocking TCP connection to an endpoint, bounded by a connect timeout. */
public final class TcpConnector {

    private final Duration connectTimeout;

    public TcpConnector(Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    public ConnectAttempt connect(Endpoint endpoint, Deadline deadline) {
        Socket socket = new Socket();
        long start = System.nanoTime();
        try {
            socket.setTcpNoDelay(true);
            // SO_LINGER 0 would turn every close into an RST; a normal close is kinder to servers.
            long left = Math.max(1, deadline.remaining().toMillis());
            int timeout = (int) Math.min(Integer.MAX_VALUE, Math.min(left, connectTimeout.toMillis()));
            socket.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), timeout);
            return new ConnectAttempt.Connected(socket, System.nanoTime() - start);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            return new ConnectAttempt.TimedOut();
        } catch (NoRouteToHostException e) {
            closeQuietly(socket);
            return new ConnectAttempt.Unreachable(e.getMessage() == null ? "no route to host" : e.getMessage());
        } catch (ConnectException e) {
            closeQuietly(socket);
            String message = String.valueOf(e.getMessage());
            if (message.contains("refused")) {
                return new ConnectAttempt.Refused();
            }
            return new ConnectAttempt.Unreachable(message);
        } catch (IOException e) {
            closeQuietly(socket);
            return new ConnectAttempt.Unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
