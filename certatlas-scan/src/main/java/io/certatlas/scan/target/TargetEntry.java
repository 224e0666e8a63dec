package io.certatlas.scan.target;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One target as the operator writes it, with what it may carry beside the host: a port
 * ({@code 127.0.0.1:8443}, {@code [2001:db8::1]:443}, {@code web.internal:443}) and a protocol
 * ({@code smtp://mail.internal:2525}, {@code ldap://dc1:1389}; the scheme's usual port when none
 * is written). A target without a port is scanned on the plan's ports.
 *
 * @param host   the address, range or host name
 * @param port   the one port this target is scanned on, when it names one
 * @param scheme the protocol it names, which decides the pre-TLS step and the recorded service
 */
public record TargetEntry(Target host, Optional<Integer> port, Optional<Scheme> scheme) {

    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)/?");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)](?::(.*))?");

    public TargetEntry {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(scheme, "scheme");
    }

    public static TargetEntry parse(String text) {
        String item = text.strip();
        Matcher url = URL.matcher(item);
        if (url.matches()) {
            Scheme scheme = Scheme.byPrefix(url.group(1)).orElseThrow(() -> new TargetException("target '" + item
                    + "' names the protocol '" + url.group(1) + "', which the scanner does not speak: use one of " + Scheme.known()));
            TargetEntry rest = hostAndPort(url.group(2), item);
            return new TargetEntry(rest.host(), Optional.of(rest.port().orElse(scheme.defaultPort())), Optional.of(scheme));
        }
        if (item.contains("://")) {
            throw new TargetException("target '" + item + "' is not a URL the scanner reads: write it as smtp://host:2525 (one of "
                    + Scheme.known() + ", no path)");
        }
        return hostAndPort(item, item);
    }

    private static TargetEntry hostAndPort(String text, String whole) {
        if (text.isEmpty()) {
            throw new TargetException("target '" + whole + "' names no host");
        }
        Matcher bracketed = BRACKETED.matcher(text);
        if (bracketed.matches()) {
            Target host = Target.parse(bracketed.group(1));
            return new TargetEntry(host, bracketed.group(2) == null ? Optional.empty() : Optional.of(port(bracketed.group(2), whole)),
                    Optional.empty());
        }
        int colon = text.indexOf(':');
        // One colon: host:port. Two or more: an IPv6 address, which takes brackets to carry a port.
        if (colon >= 0 && colon == text.lastIndexOf(':')) {
            return new TargetEntry(Target.parse(text.substring(0, colon)), Optional.of(port(text.substring(colon + 1), whole)),
                    Optional.empty());
        }
        return new TargetEntry(Target.parse(text), Optional.empty(), Optional.empty());
    }

    private static int port(String text, String whole) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new TargetException("target '" + whole + "' has no valid port after ':': write it as host:443 or [2001:db8::1]:443");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new TargetException("target '" + whole + "' names port " + port + ": ports are 1..65535");
        }
        return port;
    }
}
