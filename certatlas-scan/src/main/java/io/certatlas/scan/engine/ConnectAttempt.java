package io.certatlas.scan.engine;

import java.net.Socket;

/**
 * How a TCP connect ended. A refused connect (RST) means the port is closed; a connect that times
 * out means something dropped the SYN (filtered); an unreachable network or host is its own case.
 */
public sealed interface ConnectAttempt {

    record Connected(Socket socket, long connectNanos) implements ConnectAttempt {
    }

    record Refused() implements ConnectAttempt {
    }

    record TimedOut() implements ConnectAttempt {
    }

    record Unreachable(String detail) implements ConnectAttempt {
    }
}
