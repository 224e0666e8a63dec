package io.certatlas.scan.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One target as written by the operator: an address block (an IPv4 or IPv6 address, or a CIDR
 * range) or a host name. Host names are resolved when the plan is built, once.
 */
public sealed interface Target {

    record Block(AddressBlock block) implements Target {
    }

    record HostName(String name) implements Target {
    }

    Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // RFC 1123 host names; a trailing dot (fully qualified) is accepted and dropped.
    Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*");

    /**
     * Reads one target: {@code 192.0.2.7}, {@code 2001:db8::1}, {@code [2001:db8::1]},
     * {@code 10.0.0.0/24}, {@code fd00::/120} or {@code web.internal}.
     */
    static Target parse(String text) {
        String item = text.strip();
        if (item.isEmpty()) {
            throw new TargetException("an empty target was given: give a host name, an address or a CIDR range");
        }
        int slash = item.indexOf('/');
        if (slash >= 0) {
            String prefix = item.substring(slash + 1);
            InetAddress base = literal(item.substring(0, slash)).orElseThrow(() -> new TargetException(
                    "target '" + item + "' is not a CIDR range: the part before '/' must be an IPv4 or IPv6 address"));
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
                throw new TargetException("target '" + item + "' has no valid prefix length after '/': write it as 10.0.0.0/24");
            }
            return new Block(new AddressBlock(base, Integer.parseInt(prefix)));
        }
        var address = literal(item);
        if (address.isPresent()) {
            return new Block(AddressBlock.single(address.get()));
        }
        String name = item.endsWith(".") ? item.substring(0, item.length() - 1) : item;
        if (IPV4.matcher(name).matches() || !HOST_NAME.matcher(name).matches()) {
            throw new TargetException("target '" + item + "' is neither an address, a CIDR range nor a host name");
        }
        if (looksNumeric(name)) {
            // The resolver would read 2130706433, 127.1 or 0x7f.1 as an address (inet_aton), and a
            // port typed as a target (scan 127.0.0.1 8443) would be scanned as 0.0.32.251.
            throw new TargetException("target '" + item + "' is a number, not a host name: write addresses in full"
                    + " (127.0.0.1), and ports with -p 8443 or as host:8443");
        }
        return new HostName(name.toLowerCase(Locale.ROOT));
    }

    /**
     * True for names the C resolver would take as a short or numeric IPv4 form, and for names
     * whose last label is all digits, which no top-level domain is (RFC 3696 section 2).
     */
    private static boolean looksNumeric(String name) {
        String[] labels = name.split("\\.");
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return true;
        }
        for (String label : labels) {
            if (!label.matches("[0-9]+|0[xX][0-9A-Fa-f]*")) {
                return false;
            }
        }
        return true;
    }

    /** The address when the text is an IP literal; never asks DNS. */
    private static java.util.Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches();
        boolean v6 = bare.contains(":") && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        if (v4) {
            for (String octet : bare.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new TargetException("address '" + text + "' has an octet above 255");
                }
                if (octet.length() > 1 && octet.startsWith("0")) {
                    // inet_aton and ping read 010 as octal 8; Java reads it as 10: neither guess is safe.
                    throw new TargetException("address '" + text + "' has an octet with a leading zero, which some tools"
                            + " read as octal: write it without (127.0.0.8 or 127.0.0.10)");
                }
            }
        }
        try {
            // A literal never causes a DNS query: getByName parses IPv4 dotted quads and anything with ':'.
            return java.util.Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            throw new TargetException("address '" + text + "' is not a valid IPv4 or IPv6 address");
        }
    }
}
