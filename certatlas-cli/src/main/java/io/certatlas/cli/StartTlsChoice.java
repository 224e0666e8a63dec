package io.certatlas.cli;

import io.certatlas.scan.starttls.TlsWrapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code --starttls} says: one pre-TLS step for every port ({@code smtp}), one per port
 * ({@code 2525=smtp,1389=ldap}), or both ({@code smtp,1389=ldap}: ldap on 1389, smtp elsewhere).
 */
record StartTlsChoice(Optional<TlsWrapper> everyPort, Map<Integer, TlsWrapper> byPort) {

    private static final String KNOWN = "smtp, imap, pop3, ftp, ldap, xmpp, postgres, rdp or none";

    static StartTlsChoice parse(String text) {
        Optional<TlsWrapper> everyPort = Optional.empty();
        Map<Integer, TlsWrapper> byPort = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String part = item.strip();
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                if (everyPort.isPresent()) {
                    throw new IllegalArgumentException("--starttls " + text + " names two protocols for every port: give one,"
                            + " and PORT=PROTOCOL for the others");
                }
                everyPort = Optional.of(wrapper(part, text));
                continue;
            }
            String port = part.substring(0, equals).strip();
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("--starttls " + text + ": '" + port + "' is not a port (1..65535): write it as 2525=smtp");
            }
            if (byPort.put(Integer.parseInt(port), wrapper(part.substring(equals + 1).strip(), text)) != null) {
                throw new IllegalArgumentException("--starttls " + text + " names port " + port + " twice");
            }
        }
        if (everyPort.isEmpty() && byPort.isEmpty()) {
            throw new IllegalArgumentException("--starttls is empty: give a protocol (" + KNOWN + ") or PORT=PROTOCOL pairs");
        }
        return new StartTlsChoice(everyPort, byPort);
    }

    private static TlsWrapper wrapper(String name, String text) {
        return TlsWrapper.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "--starttls " + text + ": '" + name + "' is unknown: use " + KNOWN));
    }
}
