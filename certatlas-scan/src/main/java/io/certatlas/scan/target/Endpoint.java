package io.certatlas.scan.target;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One place to knock on: an address, a TCP port and, when the target was given by name, the name
 * to send as SNI (and to match the served certificate against); and the protocol, when the target
 * named one ({@code smtp://host:2525}).
 */
public record Endpoint(InetAddress address, int port, Optional<String> serverName, Optional<Scheme> scheme) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(scheme, "scheme");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** An endpoint whose protocol follows from the port and the scan's options. */
    public Endpoint(InetAddress address, int port, Optional<String> serverName) {
        this(address, port, serverName, Optional.empty());
    }

    public static Endpoint of(InetAddress address, int port) {
        return new Endpoint(address, port, Optional.empty());
    }

    /** The address as a literal without the name part InetAddress.toString adds ("127.0.0.1", "::1"). */
    public String addressLiteral() {
        return address.getHostAddress();
    }

    @Override
    public String toString() {
        String host = address instanceof Inet6Address ? "[" + addressLiteral() + "]" : addressLiteral();
        return scheme.map(s -> s.prefix() + "://").orElse("") + serverName.map(name -> name + "/").orElse("") + host + ":" + port;
    }
}
