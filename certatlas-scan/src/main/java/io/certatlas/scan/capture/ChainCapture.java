package io.certatlas.scan.capture;

import io.certatlas.scan.engine.BoundedInputStream;
import io.certatlas.scan.engine.ByteLimitExceededException;
import io.certatlas.scan.engine.DeadlineExceededException;
import io.certatlas.scan.engine.FailureReason;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.security.SecureRandom;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * One full TLS handshake over an already open connection, to capture the chain the server
 * serves. The connection's input must be a {@link BoundedInputStream}, which holds the deadline
 * and the byte cap; this class only turns what happened into a {@link CaptureResult}.
 */
public final class ChainCapture {

    // The JDK's providers, not BouncyCastle's lightweight ones: the JDK's AES, GCM, X25519 and RSA use
    // CPU intrinsics, which made chain capture several times faster on loopback (BENCHMARKS.md).
    // BouncyCastle's TLS asks JCA for a few algorithms under names only the BC provider knows
    // (RSA-PSS as "SHA256WITHRSAANDMGF1"); BC is appended last, so the JDK's implementations still win.
    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private final TlsCrypto crypto = CaptureCrypto.create(new SecureRandom());
    private final int maxHandshakeMessageSize;

    /** @param maxHandshakeMessageSize the largest single handshake message accepted (a Certificate message of a long chain) */
    public ChainCapture(int maxHandshakeMessageSize) {
        if (maxHandshakeMessageSize < 16_384) {
            throw new IllegalArgumentException("maxHandshakeMessageSize must be at least 16384, was " + maxHandshakeMessageSize);
        }
        this.maxHandshakeMessageSize = maxHandshakeMessageSize;
    }

    public CaptureResult capture(BoundedInputStream in, OutputStream out, Optional<String> serverName) {
        ChainCapturingClient client = new ChainCapturingClient(crypto, serverName, maxHandshakeMessageSize);
        TlsClientProtocol protocol = new TlsClientProtocol(in, out);
        try {
            protocol.connect(client);
            String version = client.negotiatedProtocol();
            String suite = CipherSuiteNames.name(client.negotiatedCipherSuite());
            try {
                protocol.close();
            } catch (IOException ignored) {
                // The chain is ours; a peer that does not take our close_notify changes nothing.
            }
            return new CaptureResult.Captured(client.chain(), version, suite);
        } catch (IOException e) {
            return classify(e, in);
        } catch (RuntimeException e) {
            // BouncyCastle throws unchecked exceptions on some malformed input; a hostile peer must not escape as a crash.
            return notTlsOr(in, new CaptureResult.Failed(FailureReason.PROTOCOL_VIOLATION,
                    "malformed TLS from the peer: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static CaptureResult classify(IOException e, BoundedInputStream in) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeadlineExceededException) {
                return notTlsOr(in, new CaptureResult.Failed(FailureReason.DEADLINE_EXCEEDED, cause.getMessage()));
            }
            if (cause instanceof ByteLimitExceededException) {
                return new CaptureResult.Failed(FailureReason.BYTE_LIMIT_EXCEEDED, cause.getMessage());
            }
        }
        if (!(e instanceof TlsFatalAlertReceived) && in.endOfStream()) {
            // BouncyCastle reports a close in mid-handshake as its own handshake_failure alert; the cause is the peer's close.
            return notTlsOr(in, new CaptureResult.Failed(FailureReason.PEER_CLOSED_CONNECTION,
                    "the peer closed the connection after " + in.bytesRead() + " bytes"));
        }
        return switch (e) {
            case TlsFatalAlertReceived received -> new CaptureResult.Failed(FailureReason.SERVER_REJECTED_HANDSHAKE,
                    "the server sent the alert " + AlertDescription.getText(received.getAlertDescription()));
            case TlsFatalAlert raised -> notTlsOr(in, new CaptureResult.Failed(FailureReason.PROTOCOL_VIOLATION,
                    "our side raised " + AlertDescription.getText(raised.getAlertDescription())
                            + (raised.getCause() == null ? "" : " (" + raised.getCause() + ")")));
            case EOFException eof -> notTlsOr(in, new CaptureResult.Failed(FailureReason.PEER_CLOSED_CONNECTION,
                    "the peer closed the connection after " + in.bytesRead() + " bytes"));
            case SocketException reset -> notTlsOr(in, new CaptureResult.Failed(FailureReason.PEER_CLOSED_CONNECTION,
                    "the connection broke after " + in.bytesRead() + " bytes: " + reset.getMessage()));
            default -> notTlsOr(in, new CaptureResult.Failed(FailureReason.LOCAL_ERROR,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        };
    }

    /**
     * A TLS server's first byte is a handshake (22) or alert (21) record; an SSLv2 reply starts
     * with the high bit set. Anything else (an SSH banner, an HTTP reply, random garbage) means
     * the port is open but speaks something else, whatever error the TLS library reported.
     */
    private static CaptureResult notTlsOr(BoundedInputStream in, CaptureResult otherwise) {
        byte[] first = in.firstBytes();
        if (first.length == 0) {
            return otherwise;
        }
        int type = first[0] & 0xff;
        boolean tlsRecord = (type == 22 || type == 21) && (first.length < 2 || first[1] == 3);
        boolean sslv2 = (type & 0x80) != 0 && (first.length < 3 || first[2] == 4 || first[2] == 0x05);
        return tlsRecord || sslv2 ? otherwise : new CaptureResult.NotTls(in.firstBytesHex());
    }
}
