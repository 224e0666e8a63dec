package io.certatlas.alerts.receiver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The addresses a webhook is never posted to, and why: each is a way to make the server reach
 * something that is not a receiver. Loopback and private addresses are not here on purpose: a
 * self-hosted CertAtlas posts to receivers on the same host or the same LAN.
 */
public enum RefusedAddress {

    /** Linux connects 0.0.0.0 (and the rest of 0.0.0.0/8, and ::) to this machine, past any loopback rule. */
    UNSPECIFIED("an unspecified address (0.0.0.0/8 or ::)"),
    /** 169.254.169.254 is where AWS, Azure, Google Cloud, Oracle and OpenStack answer with instance credentials. */
    LINK_LOCAL("a link-local address (169.254.0.0/16 or fe80::/10), where cloud metadata services answer"),
    /** Metadata services outside the link-local ranges, named by their providers. */
    CLOUD_METADATA("a cloud metadata service's address"),
    MULTICAST("a multicast or broadcast address"),
    /** 240.0.0.0/4 and IPv6 site-local fec0::/10: reserved or withdrawn, no receiver is there. */
    RESERVED("a reserved address (240.0.0.0/4 or fec0::/10)");

    private static final Set<InetAddress> METADATA = Set.of(
            // AWS instance metadata over IPv6 (Nitro): a unique local address, so not link-local.
            literal("fd00:ec2::254"),
            // Alibaba Cloud's metadata service, in the shared address space 100.64.0.0/10.
            literal("100.100.100.200"),
            // Oracle Cloud's second metadata address, in the IETF protocol assignments 192.0.0.0/24.
            literal("192.0.0.192"));
    private static final InetAddress BROADCAST = literal("255.255.255.255");

    private final String description;

    RefusedAddress(String description) {
        this.description = description;
    }

    /** What the address is, for a message: "a link-local address (...)". */
    public String description() {
        return description;
    }

    /** One address a host name resolved to, and why nothing may be sent there. */
    public record Resolved(InetAddress address, RefusedAddress why) {
    }

    /**
     * The first address {@code host} resolves to that is refused; empty when every one may be
     * used. Asked when sending, so a name (or a DNS answer changed since the receiver was saved)
     * cannot lead a delivery to cloud metadata.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public static Optional<Resolved> amongAddressesOf(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (InetAddress address : InetAddress.getAllByName(bare)) {
            Optional<RefusedAddress> refused = of(address);
            if (refused.isPresent()) {
                return Optional.of(new Resolved(address, refused.get()));
            }
        }
        return Optional.empty();
    }

    /** Why a webhook may not be posted to this address; empty when it may. */
    public static Optional<RefusedAddress> of(InetAddress address) {
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return of(embedded.get());
        }
        if (METADATA.contains(address)) {
            return Optional.of(CLOUD_METADATA);
        }
        if (address.isAnyLocalAddress() || address instanceof Inet4Address && address.getAddress()[0] == 0) {
            return Optional.of(UNSPECIFIED);
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(LINK_LOCAL);
        }
        if (address.isMulticastAddress() || address.equals(BROADCAST)) {
            return Optional.of(MULTICAST);
        }
        byte[] bytes = address.getAddress();
        boolean reserved4 = address instanceof Inet4Address && (bytes[0] & 0xf0) == 0xf0;
        boolean siteLocal6 = address instanceof Inet6Address && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0xc0;
        if (reserved4 || siteLocal6) {
            return Optional.of(RESERVED);
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv6 one that carries it to an IPv4 host: IPv4-compatible
     * (::a.b.c.d), NAT64's well-known prefix (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and
     * Teredo's client (2001:0::/32, its last 32 bits inverted). Java already reads IPv4-mapped
     * addresses (::ffff:a.b.c.d) as IPv4.
     */
    private static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address) || address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return Optional.of((Inet4Address) literal(Arrays.copyOfRange(bytes, 2, 6)));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
            byte[] client = Arrays.copyOfRange(bytes, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return Optional.of((Inet4Address) literal(client));
        }
        byte[] prefix = Arrays.copyOf(bytes, 12);
        boolean compatible = Arrays.equals(prefix, new byte[12]);
        boolean nat64 = Arrays.equals(prefix, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
        if (!compatible && !nat64) {
            return Optional.empty();
        }
        return Optional.of((Inet4Address) literal(Arrays.copyOfRange(bytes, 12, 16)));
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(text, e);
        }
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
