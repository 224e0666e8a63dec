package io.certatlas.scan.target;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A CIDR block of IPv4 or IPv6 addresses ({@code 10.0.0.0/24}, {@code fd00::/120}); a single
 * address is a block of prefix 32 or 128. The base address is normalised to the network address.
 */
public record AddressBlock(InetAddress network, int prefixLength) {

    public AddressBlock {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new TargetException("prefix length /" + prefixLength + " is outside 0.." + bits + " for " + network.getHostAddress());
        }
        network = toAddress(toNumber(network).and(mask(bits, prefixLength)), bits);
    }

    public static AddressBlock single(InetAddress address) {
        return new AddressBlock(address, address.getAddress().length * 8);
    }

    public int bits() {
        return network.getAddress().length * 8;
    }

    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - prefixLength);
    }

    public boolean contains(InetAddress address) {
        return address.getAddress().length == network.getAddress().length
                && toNumber(address).and(mask(bits(), prefixLength)).equals(toNumber(network));
    }

    public boolean contains(AddressBlock other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    public boolean isSingleAddress() {
        return prefixLength == bits();
    }

    /** Every address of the block in ascending order, generated lazily. */
    public Stream<InetAddress> addresses() {
        BigInteger first = toNumber(network);
        BigInteger size = size();
        int bits = bits();
        return Stream.iterate(BigInteger.ZERO, i -> i.compareTo(size) < 0, i -> i.add(BigInteger.ONE))
                .map(i -> toAddress(first.add(i), bits));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + (isSingleAddress() ? "" : "/" + prefixLength);
    }

    private static BigInteger mask(int bits, int prefix) {
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return all.xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    }

    private static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static InetAddress toAddress(BigInteger number, int bits) {
        byte[] raw = number.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("a " + bytes.length + "-byte address was refused", impossible);
        }
    }
}
