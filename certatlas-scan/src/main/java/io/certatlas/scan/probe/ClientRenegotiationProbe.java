package io.certatlas.scan.probe;

import io.certatlas.scan.probe.ClientRenegotiation.State;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.LegacyRenegotiation;
import io.certatlas.scan.tls.ProtocolVersion;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Client-initiated renegotiation: one connection, a full TLS 1.2-or-older handshake, then a new
 * ClientHello on the established connection, and what the server makes of it. The hello probes
 * never finish a handshake, so this one uses the JDK's TLS client, which renegotiates when
 * {@code startHandshake()} is called again on an established TLS 1.2 socket.
 *
 * <p>Its limits are the JDK's: it completes handshakes only with the versions and suites this
 * JVM allows (jdk.tls.disabledAlgorithms), and it renegotiates only securely, so a server
 * without RFC 5746 is not asked here. Both cases come back as {@link State#NOT_TESTED}, with the
 * reason. The insecure kind (CVE-2009-3555) is {@link InsecureRenegotiationProbe}'s question.
 */
final class ClientRenegotiationProbe {

    static final String NAME = "client renegotiation";

    /** Application data a server may send after the handshake (an implicit-TLS greeting) before it answers. */
    private static final int BYTE_BUDGET = 64 * 1024;

    /** Versions that have renegotiation, highest first: the probe uses the highest the server speaks. */
    private static final List<ProtocolVersion> RENEGOTIABLE =
            List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0, ProtocolVersion.SSL3);

    private final ConnectionOpener opener;
    private final ProbeSettings settings;

    ClientRenegotiationProbe(ConnectionOpener opener, ProbeSettings settings) {
        this.opener = opener;
        this.settings = settings;
    }

    /** What the probe found, and the probe failure to list when the server gave no usable answer. */
    record Outcome(ClientRenegotiation renegotiation, Optional<ProbeFailure> failure, int connections) {
    }

    /**
     * @param supported the versions the hello probes found
     * @param rfc5746   whether those hellos showed secure renegotiation
     */
    Outcome run(List<VersionEnumeration> enumerated, RenegotiationSupport rfc5746, Deadline endpointDeadline) {
        List<ProtocolVersion> supported = enumerated.stream().map(VersionEnumeration::version).toList();
        Optional<ProtocolVersion> version = RENEGOTIABLE.stream().filter(supported::contains).findFirst();
        if (version.isEmpty()) {
            return quiet(State.NOT_APPLICABLE, supported.isEmpty() ? "no protocol version answered" : "only TLS 1.3, which has no renegotiation");
        }
        if (rfc5746 == RenegotiationSupport.NOT_SUPPORTED) {
            return quiet(State.NOT_TESTED, "the server does not support secure renegotiation (RFC 5746), and the probe renegotiates only securely");
        }
        if (endpointDeadline.expired()) {
            return new Outcome(ClientRenegotiation.of(State.UNKNOWN, "no time left"), Optional.of(new ProbeFailure(NAME, "timed out")), 0);
        }
        Deadline deadline = endpointDeadline.capped(settings.probeTimeout());
        Socket raw;
        try {
            raw = opener.open(deadline);
        } catch (IOException e) {
            return unanswered("no connection: " + e.getMessage(), 1);
        }
        ClientRenegotiation found;
        try (raw) {
            found = renegotiate(raw, version.get(), deadline);
        } catch (SocketTimeoutException | Deadline.DeadlineExpiredException e) {
            return unanswered("timed out", 1);
        } catch (IOException e) {
            return unanswered(String.valueOf(e.getMessage()), 1);
        }
        if (found.state() != State.NOT_TESTED) {
            return new Outcome(found, Optional.empty(), 1);
        }
        // The JDK's client could not complete a handshake this JVM disallows (TLS 1.0/1.1, 3DES, a
        // small DH group...): a server that speaks only those was never asked, though it may well
        // renegotiate (gnutls-cli --rehandshake completes one). Our own client asks it instead.
        Outcome own = ownClient(enumerated, endpointDeadline, found.detail());
        return new Outcome(own.renegotiation(), own.failure(), 1 + own.connections());
    }

    /** The question put by {@link LegacyRenegotiation} as an RFC 5746 client, with a suite and version it drives. */
    private Outcome ownClient(List<VersionEnumeration> enumerated, Deadline endpointDeadline, String jdkReason) {
        for (ProtocolVersion version : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0)) {
            List<Integer> suites = enumerated.stream().filter(v -> v.version() == version).flatMap(v -> v.suites().stream())
                    .map(AcceptedSuite::suite).map(io.certatlas.scan.suite.CipherSuite::code)
                    .filter(code -> LegacyRenegotiation.drivable(code, version)).toList();
            if (suites.isEmpty()) {
                continue;
            }
            if (endpointDeadline.expired()) {
                return new Outcome(ClientRenegotiation.of(State.UNKNOWN, "no time left"), Optional.of(new ProbeFailure(NAME, "timed out")), 0);
            }
            Deadline deadline = endpointDeadline.capped(settings.probeTimeout());
            try (Socket socket = opener.open(deadline)) {
                LegacyRenegotiation.Outcome outcome = LegacyRenegotiation.ask(socket, version, suites, settings.serverName(), deadline, true);
                ClientRenegotiation found = switch (outcome) {
                    case LegacyRenegotiation.Outcome.Renegotiating r -> ClientRenegotiation.of(State.ACCEPTED,
                            "the server renegotiated over " + version.displayName() + " at the request of a client that supports RFC 5746");
                    case LegacyRenegotiation.Outcome.Refused r -> ClientRenegotiation.of(State.REFUSED, r.how());
                    case LegacyRenegotiation.Outcome.HandshakeFailed f -> ClientRenegotiation.of(State.NOT_TESTED,
                            jdkReason + "; the probe's own client: " + f.reason());
                };
                return new Outcome(found, Optional.empty(), 1);
            } catch (SocketTimeoutException | Deadline.DeadlineExpiredException e) {
                return new Outcome(ClientRenegotiation.of(State.UNKNOWN, "timed out"), Optional.of(new ProbeFailure(NAME, "timed out")), 1);
            } catch (IOException e) {
                return new Outcome(ClientRenegotiation.of(State.UNKNOWN, String.valueOf(e.getMessage())),
                        Optional.of(new ProbeFailure(NAME, String.valueOf(e.getMessage()))), 1);
            }
        }
        return new Outcome(ClientRenegotiation.of(State.NOT_TESTED, jdkReason
                + "; no accepted suite the probe's own client drives either"), Optional.empty(), 0);
    }

    private ClientRenegotiation renegotiate(Socket raw, ProtocolVersion version, Deadline deadline) throws IOException {
        deadline.applyTo(raw);
        String host = settings.serverName().orElse(raw.getInetAddress().getHostAddress());
        SSLSocket tls = (SSLSocket) CLIENT.getSocketFactory().createSocket(raw, host, raw.getPort(), false);
        SSLParameters params = tls.getSSLParameters();
        params.setProtocols(new String[] {version.displayName()});
        params.setCipherSuites(tls.getSupportedCipherSuites());
        params.setServerNames(settings.serverName().<List<javax.net.ssl.SNIServerName>>map(n -> List.of(new SNIHostName(n))).orElse(List.of()));
        params.setEndpointIdentificationAlgorithm(null);
        tls.setSSLParameters(params);
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            // The hello probes saw this version accepted; the JDK's client could not complete it
            // (a version or suite this JVM disables, a key it refuses).
            return ClientRenegotiation.of(State.NOT_TESTED, "the probe's TLS client could not complete a " + version.displayName()
                    + " handshake: " + e.getMessage());
        }
        CountDownLatch renegotiated = new CountDownLatch(1);
        tls.addHandshakeCompletedListener(event -> {
            renegotiated.countDown();
            // The renegotiation is done; closing the TCP socket ends the read below at once
            // instead of at the deadline (a server sends nothing more until asked).
            closeQuietly(raw);
        });
        tls.startHandshake(); // on an established TLS 1.2 socket: send a new ClientHello
        InputStream in = tls.getInputStream();
        byte[] buffer = new byte[4096];
        int read = 0;
        try {
            while (read <= BYTE_BUDGET) {
                deadline.applyTo(raw);
                int n = in.read(buffer);
                if (n < 0) {
                    return ClientRenegotiation.of(State.REFUSED, "the server closed the connection");
                }
                read += n;
            }
            return ClientRenegotiation.of(State.UNKNOWN, "the server sent data but no handshake");
        } catch (SocketTimeoutException | Deadline.DeadlineExpiredException e) {
            if (renegotiated.getCount() == 0) {
                return accepted();
            }
            // A live server that answered the first handshake and ignores the second has refused it.
            return ClientRenegotiation.of(State.REFUSED, "no answer to the new ClientHello before the probe's deadline");
        } catch (IOException e) {
            if (renegotiated.getCount() == 0) {
                return accepted();
            }
            return ClientRenegotiation.of(State.REFUSED, String.valueOf(e.getMessage()));
        }
    }

    private static ClientRenegotiation accepted() {
        return ClientRenegotiation.of(State.ACCEPTED, "the server completed a client-initiated renegotiation");
    }

    private static Outcome quiet(State state, String detail) {
        return new Outcome(ClientRenegotiation.of(state, detail), Optional.empty(), 0);
    }

    private static Outcome unanswered(String reason, int connections) {
        return new Outcome(ClientRenegotiation.of(State.UNKNOWN, reason), Optional.of(new ProbeFailure(NAME, reason)), connections);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // only the blocked read needs waking
        }
    }

    /**
     * A client that accepts any server chain: the probe asks a protocol question on a connection
     * that carries no data, and the chain is judged by the capture, not here.
     */
    private static final SSLContext CLIENT = acceptingAnyChain();

    private static SSLContext acceptingAnyChain() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS client", e);
        }
    }
}
