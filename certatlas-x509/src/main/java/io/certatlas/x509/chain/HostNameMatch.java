package io.certatlas.x509.chain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * RFC 6125 / CA/Browser Forum matching of a peer name against a leaf's subject alternative names.
 * <ul>
 * <li>Only subject alternative names count: no fallback to the subject CN, even without SANs.</li>
 * <li>A DNS name matches a dNSName case-insensitively; a wildcard is only a whole left-most label
 *     {@code *} with at least two labels after it, and stands for exactly one non-empty label
 *     ({@code f*.example.com} and {@code *.*.example.com} match nothing).</li>
 * <li>An IP address matches only an iPAddress SAN, byte for byte (never a dNSName that spells it).</li>
 * <li>A dNSName that is not a valid host name (underscores, empty labels) matches nothing.</li>
 * </ul>
 */
final class HostNameMatch {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private HostNameMatch() {
    }

    static boolean matches(PeerName peer, List<GeneralName> alternativeNames) {
        if (peer.kind() == PeerName.Kind.IP) {
            Optional<byte[]> address = ipBytes(peer.value());
            if (address.isEmpty()) {
                return false;
            }
            for (GeneralName name : alternativeNames) {
                if (name.getTagNo() == GeneralName.iPAddress
                        && Arrays.equals(ASN1OctetString.getInstance(name.getName()).getOctets(), address.get())) {
                    return true;
                }
            }
            return false;
        }
        String host = normalise(peer.value());
        if (!validHost(host, false)) {
            return false;
        }
        for (GeneralName name : alternativeNames) {
            if (name.getTagNo() == GeneralName.dNSName && name.getName() instanceof ASN1String s
                    && dnsMatches(normalise(s.getString()), host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String rest = pattern.substring(2);
            // At least two labels after the wildcard: "*.com" would cover a whole top-level domain.
            if (!validHost(rest, false) || rest.indexOf('.') < 0) {
                return false;
            }
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(rest);
        }
        return validHost(pattern, false) && pattern.equals(host);
    }

    static boolean validHost(String host, boolean allowWildcard) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (allowWildcard && i == 0 && labels[i].equals("*")) {
                continue;
            }
            if (!LABEL.matcher(labels[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The address bytes of an IP literal; never a DNS lookup. */
    static Optional<byte[]> ipBytes(String literal) {
        try {
            if (IPV4.matcher(literal).matches()) {
                return Optional.of(InetAddress.getByName(literal).getAddress());
            }
            if (literal.contains(":") && literal.matches("[0-9a-fA-F:.]+")) {
                // A literal containing ':' is parsed, never resolved.
                return Optional.of(InetAddress.getByName(literal).getAddress());
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
