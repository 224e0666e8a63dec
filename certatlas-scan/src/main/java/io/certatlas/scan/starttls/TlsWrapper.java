package io.certatlas.scan.starttls;

import io.certatlas.scan.tls.BoundedInput;
import io.certatlas.scan.tls.Deadline;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Optional;

/**
 * How TLS is reached on a port: directly, or after a plaintext upgrade dialogue. {@link
 * #prepare} runs the dialogue on a connected socket and returns when the next bytes the server
 * expects are a ClientHello.
 */
public enum TlsWrapper {
    NONE(new DirectTls()),
    SMTP(new SmtpStartTls()),
    IMAP(new ImapStartTls()),
    POP3(new Pop3Stls()),
    FTP(new FtpAuthTls()),
    LDAP(new LdapStartTls()),
    XMPP(new XmppStartTls()),
    POSTGRES(new PostgresSslRequest()),
    RDP(new RdpNegotiation());

    /** No dialogue before TLS may read more than this: real servers send a few hundred bytes. */
    static final int BYTE_BUDGET = 64 * 1024;

    private final PreTlsDialogue dialogue;

    TlsWrapper(PreTlsDialogue dialogue) {
        this.dialogue = dialogue;
    }

    /**
     * Runs the upgrade dialogue, naming the server as the socket's remote host (used by XMPP's
     * stream header).
     */
    public void prepare(Socket socket, Deadline deadline) throws PreTlsNegotiationFailed {
        prepare(socket, socket.getInetAddress().getHostAddress(), deadline);
    }

    /**
     * Runs the upgrade dialogue on a connected socket.
     *
     * @param serverName the name the server is known by (XMPP sends it as the stream's {@code to})
     * @throws PreTlsNegotiationFailed with a typed reason when the server is not ready for TLS
     */
    public void prepare(Socket socket, String serverName, Deadline deadline) throws PreTlsNegotiationFailed {
        try {
            dialogue.run(new PlaintextConversation(this, socket, new BoundedInput(socket, deadline, BYTE_BUDGET)), serverName);
        } catch (PreTlsNegotiationFailed failed) {
            throw failed;
        } catch (Deadline.DeadlineExpiredException | SocketTimeoutException timeout) {
            throw new PreTlsNegotiationFailed(this, PreTlsNegotiationFailed.Reason.TIMED_OUT, "no answer before the deadline", timeout);
        } catch (BoundedInput.ByteBudgetExceededException tooLong) {
            throw new PreTlsNegotiationFailed(this, PreTlsNegotiationFailed.Reason.REPLY_TOO_LONG, tooLong.getMessage(), tooLong);
        } catch (EOFException closed) {
            throw new PreTlsNegotiationFailed(this, PreTlsNegotiationFailed.Reason.CONNECTION_CLOSED, closed.getMessage(), closed);
        } catch (IOException io) {
            throw new PreTlsNegotiationFailed(this, PreTlsNegotiationFailed.Reason.IO_ERROR, String.valueOf(io.getMessage()), io);
        }
    }

    /**
     * The wrapper usually found on a port. Ports with implicit TLS (443, 465, 636, 993, 995 and
     * any port not listed) are {@link #NONE}.
     */
    public static TlsWrapper forPort(int port) {
        return switch (port) {
            case 25, 587 -> SMTP;
            case 143 -> IMAP;
            case 110 -> POP3;
            case 21 -> FTP;
            case 389 -> LDAP;
            case 5222 -> XMPP;
            case 5432 -> POSTGRES;
            case 3389 -> RDP;
            default -> NONE;
        };
    }

    /** Parses a user's choice ("smtp", "STARTTLS-SMTP" is not accepted: just the protocol name, any case). */
    public static Optional<TlsWrapper> byName(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (TlsWrapper w : values()) {
            if (w.name().equals(wanted)) {
                return Optional.of(w);
            }
        }
        return switch (wanted) {
            case "POSTGRESQL", "PSQL" -> Optional.of(POSTGRES);
            case "DIRECT", "TLS" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }
}
