package io.certatlas.alerts.receiver;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SMTP relay and the addresses to write to. STARTTLS is required unless {@code security} is
 * "none", which only a relay on this machine may have (loopback traffic is not on a wire). {@code trustCertificatePem} names the relay's certificate
 * (or its CA) when it is not one the JDK trusts; it is public, so it may be shown.
 */
public record EmailSettings(String host, int port, boolean startTls, Optional<String> username, String from,
                            List<String> to, Optional<String> trustCertificatePem) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public EmailSettings {
        to = List.copyOf(to);
    }

    /**
     * One plain address (RFC 822 syntax, checked strictly by the mail library): a line break or a
     * second address in it would add headers or recipients to every message sent.
     */
    private static boolean mailbox(String address) {
        if (!address.contains("@") || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ',')) {
            return false;
        }
        try {
            new InternetAddress(address, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * A loopback relay, judged from the text alone: a name other than localhost could resolve
     * elsewhere tomorrow, and reading an address never asks DNS.
     */
    private static boolean onThisMachine(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!LOOPBACK_V4.matcher(host).matches() && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A DNS name, a dotted quad or an IPv6 literal (bare or in brackets): nothing that could carry a second line. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[?[0-9A-Fa-f:.]+]?");

    private static Optional<RefusedAddress> refusal(String literal) {
        try {
            String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
            return RefusedAddress.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("host", "the SMTP relay " + literal + " is not a valid address");
        }
    }

    public static EmailSettings from(JsonNode settings) {
        String host = settings.path("host").asString("").strip();
        if (host.isEmpty()) {
            throw new InvalidSettingException("host", "name the SMTP relay: \"host\": \"smtp.example.org\"");
        }
        if (!HOST.matcher(host).matches()) {
            throw new InvalidSettingException("host", "the SMTP relay must be a host name or an address (smtp.example.org,"
                    + " 192.0.2.25, ::1), without a port or spaces; give the port as \"port\"");
        }
        if (host.matches("[0-9.]+|.*:.*")) {
            Optional<RefusedAddress> refused = refusal(host);
            if (refused.isPresent()) {
                throw new InvalidSettingException("host", "the SMTP relay " + host + " is " + refused.get().description()
                        + ", where no mail relay is; name the relay this server sends through");
            }
        }
        int port = settings.path("port").asInt(587);
        if (port < 1 || port > 65535) {
            throw new InvalidSettingException("port", "port must be 1 to 65535, was " + port);
        }
        String security = settings.path("security").asString("starttls");
        if (!security.equals("starttls") && !security.equals("none")) {
            throw new InvalidSettingException("security", "security is 'starttls' (the default) or 'none', was '" + security + "'");
        }
        if (security.equals("none") && !onThisMachine(host)) {
            throw new InvalidSettingException("security", "security 'none' sends the SMTP password and the alerts in clear text,"
                    + " so it is only for a relay on this machine (localhost, 127.0.0.0/8, ::1); use 'starttls' for " + host);
        }
        String from = settings.path("from").asString("").strip();
        if (!mailbox(from)) {
            throw new InvalidSettingException("from", "from must be an e-mail address, was '" + from + "'");
        }
        List<String> to = new ArrayList<>();
        for (JsonNode address : settings.path("to")) {
            to.add(address.asString("").strip());
        }
        if (to.isEmpty() || to.stream().anyMatch(a -> !mailbox(a))) {
            throw new InvalidSettingException("to", "to must be a list of e-mail addresses: \"to\": [\"ops@example.org\"]");
        }
        Optional<String> username = Optional.of(settings.path("username").asString("").strip()).filter(s -> !s.isEmpty());
        Optional<String> trust = Optional.of(settings.path("trustCertificatePem").asString("").strip()).filter(s -> !s.isEmpty());
        if (trust.isPresent() && !trust.get().contains("BEGIN CERTIFICATE")) {
            throw new InvalidSettingException("trustCertificatePem", "trustCertificatePem must be a PEM certificate");
        }
        return new EmailSettings(host, port, security.equals("starttls"), username, from, to, trust);
    }

    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("host", host);
        node.put("port", port);
        node.put("security", startTls ? "starttls" : "none");
        username.ifPresent(u -> node.put("username", u));
        node.put("from", from);
        ArrayNode addresses = node.putArray("to");
        to.forEach(addresses::add);
        trustCertificatePem.ifPresent(pem -> node.put("trustCertificatePem", pem));
        return node.toString();
    }
}
