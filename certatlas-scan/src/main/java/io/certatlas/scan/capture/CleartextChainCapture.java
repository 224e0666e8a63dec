package io.certatlas.scan.capture;

import io.certatlas.scan.engine.FailureReason;
import io.certatlas.scan.probe.ConnectionOpener;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.tls.ClientHello;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.ServerAnswer;
import io.certatlas.scan.tls.ServerFlightReader;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capture for servers the full handshake cannot finish: only export, anonymous, RC4, NULL or
 * other suites BouncyCastle does not implement, or only SSLv3. Up to TLS 1.2 the server's
 * Certificate message travels in the clear, so a ClientHello that offers every suite of the
 * catalogue and a read of the first flight up to that message give the chain without completing
 * anything: the scanner's client refuses nothing on security grounds. One connection per version
 * tried, newest first, until a server answers.
 */
public final class CleartextChainCapture {

    private static final List<ProtocolVersion> VERSIONS =
            List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0, ProtocolVersion.SSL3);

    private final CipherSuiteCatalogue catalogue;
    private final ServerFlightReader reader;

    public CleartextChainCapture(CipherSuiteCatalogue catalogue, ServerFlightReader reader) {
        this.catalogue = catalogue;
        this.reader = reader;
    }

    public static CleartextChainCapture standard() {
        return new CleartextChainCapture(CipherSuiteCatalogue.standard(), ServerFlightReader.standard());
    }

    /**
     * @param opener     opens a connection ready for a ClientHello (past any STARTTLS dialogue)
     * @param serverName the SNI name to send
     */
    public CaptureResult capture(ConnectionOpener opener, Optional<String> serverName, Deadline deadline) {
        List<String> refusals = new ArrayList<>();
        for (ProtocolVersion version : VERSIONS) {
            if (deadline.expired()) {
                refusals.add(version.displayName() + ": no time left");
                break;
            }
            List<Integer> suites = catalogue.usableWith(version).stream().map(CipherSuite::code).toList();
            ServerAnswer answer;
            try (Socket socket = opener.open(deadline)) {
                answer = reader.exchange(socket, ClientHello.forProbe(version, suites, serverName), deadline,
                        ServerFlightReader.ReadUntil.CERTIFICATE);
            } catch (IOException e) {
                refusals.add(version.displayName() + ": no connection (" + e.getMessage() + ")");
                continue;
            }
            if (answer instanceof ServerAnswer.Hello hello && hello.hello().version() != ProtocolVersion.TLS1_3) {
                String suite = catalogue.byCode(hello.hello().cipherSuite()).map(CipherSuite::ianaName)
                        .orElse(String.format("0x%04X", hello.hello().cipherSuite()));
                return new CaptureResult.Captured(hello.chain(), hello.hello().version().displayName(), suite);
            }
            refusals.add(version.displayName() + ": " + describe(answer));
        }
        return new CaptureResult.Failed(FailureReason.SERVER_REJECTED_HANDSHAKE,
                "no handshake with any suite or version: " + String.join("; ", refusals));
    }

    private static String describe(ServerAnswer answer) {
        return switch (answer) {
            case ServerAnswer.Hello hello -> "chose " + hello.hello().version().displayName();
            case ServerAnswer.Alert alert -> "alert " + alert.descriptionName();
            case ServerAnswer.Closed closed -> "closed (" + closed.detail() + ")";
            case ServerAnswer.TimedOut timedOut -> "timed out";
            case ServerAnswer.NotTls notTls -> "not TLS (" + notTls.reason() + ")";
            case ServerAnswer.NoConnection none -> "no connection (" + none.reason() + ")";
        };
    }
}
