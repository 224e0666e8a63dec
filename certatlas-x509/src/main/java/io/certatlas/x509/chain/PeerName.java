package io.certatlas.x509.chain;

import java.util.Objects;

/** The name a client expects the server certificate to carry: a DNS host name or an IP address. */
public record PeerName(Kind kind, String value) {

    public enum Kind { DNS, IP }

    public PeerName {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("peer name must not be blank: give the host name or address dialled");
        }
    }

    public static PeerName dns(String hostName) {
        return new PeerName(Kind.DNS, hostName);
    }

    public static PeerName ip(String address) {
        return new PeerName(Kind.IP, address);
    }

    /** An IP address when the text is one (IPv4 dotted quad or contains ':'), a DNS name otherwise. */
    public static PeerName of(String hostOrAddress) {
        boolean address = hostOrAddress.contains(":") || hostOrAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new PeerName(address ? Kind.IP : Kind.DNS, hostOrAddress);
    }
}
