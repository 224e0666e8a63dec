package io.certatlas.scan.engine;

/**
 * Why an endpoint that accepted a TCP connection gave no certificate chain. A closed, documented
 * list, so operators can match on it; each value says what happened in the words of a sentence.
 */
public enum FailureReason {
    /** The peer kept the connection open but did not finish answering before the endpoint deadline (silent or slow-dripping peer). */
    DEADLINE_EXCEEDED,
    /** The peer sent more bytes than the per-endpoint cap (for example a flood posing as a certificate chain). */
    BYTE_LIMIT_EXCEEDED,
    /** The peer closed or reset the connection before the chain arrived, without a TLS alert. */
    PEER_CLOSED_CONNECTION,
    /** The peer answered with a fatal TLS alert: it speaks TLS but would not do a handshake with our offer. */
    SERVER_REJECTED_HANDSHAKE,
    /** The peer spoke TLS but broke the protocol (malformed messages, an unparsable certificate). */
    PROTOCOL_VIOLATION,
    /** The pre-TLS step (STARTTLS, RDP negotiation) did not succeed. */
    PRE_TLS_NEGOTIATION_FAILED,
    /** An input/output error of the local system that is none of the above. */
    LOCAL_ERROR;

    /** The lower-case name used in reports and logs ("deadline_exceeded"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
