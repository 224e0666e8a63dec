package io.certatlas.scan.probe;

import io.certatlas.scan.tls.BoundedInput;
import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.Sslv2Hello;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/** One SSLv2 CLIENT-HELLO; SSLv2 suites are not listed (the protocol alone caps the grade at F). */
final class Sslv2Probe {

    private static final int BYTE_BUDGET = 32 * 1024;

    private final ConnectionOpener opener;
    private final ProbeSettings settings;

    Sslv2Probe(ConnectionOpener opener, ProbeSettings settings) {
        this.opener = opener;
        this.settings = settings;
    }

    VersionEnumeration run(Deadline endpointDeadline) {
        Deadline deadline = endpointDeadline.capped(settings.probeTimeout());
        try (Socket socket = opener.open(deadline)) {
            deadline.applyTo(socket);
            socket.getOutputStream().write(Sslv2Hello.clientHello());
            socket.getOutputStream().flush();
            Optional<Sslv2Hello.ServerHello> hello = Sslv2Hello.read(new BoundedInput(socket, deadline, BYTE_BUDGET));
            boolean supported = hello.map(Sslv2Hello.ServerHello::usable).orElse(false);
            return result(supported ? VersionSupport.SUPPORTED : VersionSupport.NOT_SUPPORTED, List.of());
        } catch (EOFException | SocketException refused) {
            return result(VersionSupport.NOT_SUPPORTED, List.of()); // hanging up is the usual refusal
        } catch (Deadline.DeadlineExpiredException | SocketTimeoutException e) {
            return result(VersionSupport.UNKNOWN, List.of(new ProbeFailure("SSLv2", "timed out")));
        } catch (IOException e) {
            return result(VersionSupport.UNKNOWN, List.of(new ProbeFailure("SSLv2", String.valueOf(e.getMessage()))));
        }
    }

    private static VersionEnumeration result(VersionSupport support, List<ProbeFailure> failures) {
        return new VersionEnumeration(ProtocolVersion.SSL2, support, List.of(), CipherPreference.NOT_APPLICABLE, Optional.empty(), failures);
    }
}
