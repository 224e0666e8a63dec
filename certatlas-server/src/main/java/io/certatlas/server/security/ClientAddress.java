package io.certatlas.server.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The address a request came from, as the login limit counts it: an IPv4 address as it is, an
 * IPv6 address by its /64 network, since one client commonly holds a whole /64.
 */
public record ClientAddress(String throttleKey) {

    public static ClientAddress of(String remoteAddress) {
        try {
            // A literal from the container: getByName parses it without any name lookup.
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (address instanceof Inet6Address v6) {
                byte[] network = Arrays.copyOf(v6.getAddress(), 16);
                Arrays.fill(network, 8, 16, (byte) 0);
                return new ClientAddress(InetAddress.getByAddress(network).getHostAddress() + "/64");
            }
            return new ClientAddress(address.getHostAddress());
        } catch (UnknownHostException e) {
            return new ClientAddress(remoteAddress);
        }
    }
}
