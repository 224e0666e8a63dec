package io.certatlas.scan.probe;

import io.certatlas.scan.tls.ClientHello;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ServerAnswer;
import io.certatlas.scan.tls.ServerFlightReader;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** One probe: open a connection, send one ClientHello, read the answer, close. */
final class HelloProbe {

    private final ConnectionOpener opener;
    private final ServerFlightReader reader;
    private final ProbeSettings settings;
    private final AtomicInteger sent = new AtomicInteger();

    HelloProbe(ConnectionOpener opener, ServerFlightReader reader, ProbeSettings settings) {
        this.opener = opener;
        this.reader = reader;
        this.settings = settings;
    }

    ServerAnswer send(ClientHello hello, Deadline endpointDeadline, ServerFlightReader.ReadUntil until) {
        if (sent.incrementAndGet() > settings.maxProbes()) {
            return new ServerAnswer.NoConnection("probe budget of " + settings.maxProbes() + " connections used up");
        }
        if (endpointDeadline.expired()) {
            return new ServerAnswer.TimedOut(0);
        }
        Deadline deadline = endpointDeadline.capped(settings.probeTimeout());
        Socket socket;
        try {
            socket = opener.open(deadline);
        } catch (IOException e) {
            return new ServerAnswer.NoConnection(String.valueOf(e.getMessage()));
        }
        try (socket) {
            return reader.exchange(socket, hello, deadline, until);
        } catch (IOException closeFailed) {
            return new ServerAnswer.Closed("close failed: " + closeFailed.getMessage());
        }
    }

    int probesSent() {
        return sent.get();
    }
}
