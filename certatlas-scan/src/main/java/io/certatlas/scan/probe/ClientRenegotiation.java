package io.certatlas.scan.probe;

import java.util.Objects;

/**
 * Whether the server lets a client renegotiate an established TLS 1.2-or-older connection
 * (SSL Labs' "Secure Client-Initiated Renegotiation" and "Insecure Client-Initiated
 * Renegotiation": one probe asks as a client that supports RFC 5746, the other as one that does
 * not). RFC 5746 support itself is read off the hellos ({@link RenegotiationSupport}).
 *
 * @param state  what the renegotiation probe saw
 * @param detail why, in a few words (the server's alert, the reason it was not tested)
 */
public record ClientRenegotiation(State state, String detail) {

    public enum State {
        /** The server answered a ClientHello on the established connection with a new handshake. */
        ACCEPTED,
        /** It answered with an alert or hung up. */
        REFUSED,
        /** Nothing to renegotiate: only TLS 1.3 (or nothing) is spoken. */
        NOT_APPLICABLE,
        /** The probe could not put the question, e.g. its TLS client cannot complete a handshake with this server. */
        NOT_TESTED,
        /** The question was put but not answered in time, or the connection broke before it could be. */
        UNKNOWN
    }

    public ClientRenegotiation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static ClientRenegotiation of(State state, String detail) {
        return new ClientRenegotiation(state, detail);
    }

    public boolean accepted() {
        return state == State.ACCEPTED;
    }
}
