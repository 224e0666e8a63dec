package io.certatlas.scan.starttls;

import java.io.IOException;

/**
 * The plaintext dialogue before TLS did not end with the server ready for a ClientHello. The
 * {@link Reason} is a closed list, so callers can record it and users can filter on it.
 */
public final class PreTlsNegotiationFailed extends IOException {

    /** Why the server is not ready for TLS. */
    public enum Reason {
        /** The server answered but does not offer or refused the upgrade (e.g. no STARTTLS in EHLO, POP3 "-ERR", RDP standard security only). */
        SERVER_DOES_NOT_OFFER_TLS,
        /** The server's reply did not follow the protocol (wrong service on the port, garbage). */
        UNEXPECTED_REPLY,
        /** The server closed the connection during the dialogue. */
        CONNECTION_CLOSED,
        /** The deadline passed before the server answered. */
        TIMED_OUT,
        /** The server sent more bytes than the dialogue allows. */
        REPLY_TOO_LONG,
        /** Any other socket error. */
        IO_ERROR
    }

    private final TlsWrapper wrapper;
    private final Reason reason;

    public PreTlsNegotiationFailed(TlsWrapper wrapper, Reason reason, String detail) {
        super(wrapper + " negotiation failed (" + reason + "): " + detail);
        this.wrapper = wrapper;
        this.reason = reason;
    }

    public PreTlsNegotiationFailed(TlsWrapper wrapper, Reason reason, String detail, Throwable cause) {
        this(wrapper, reason, detail);
        initCause(cause);
    }

    public TlsWrapper wrapper() {
        return wrapper;
    }

    public Reason reason() {
        return reason;
    }
}
