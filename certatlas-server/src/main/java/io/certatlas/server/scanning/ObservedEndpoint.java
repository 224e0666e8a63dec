package io.certatlas.server.scanning;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.Service;
import io.certatlas.scan.tls.ProtocolVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One TLS endpoint as a remote scanner posts it to {@code POST /api/v1/observations}: where it
 * is, the chain it served (DER, as received), the handshake that captured it, and when enumerated
 * the protocol facts its probes saw. Nothing the scanner concluded travels: the server parses the
 * chain and computes findings and grade itself ({@link PostedEndpoints}).
 *
 * @param address     the IPv4 or IPv6 address scanned, in canonical form
 * @param hostname    the name sent as SNI, when the target was a name
 * @param service     the service guessed from the port ("https", "smtp"...)
 * @param chain       the served chain, leaf first, DER each
 * @param protocol    the version the capturing handshake chose ("TLSv1.3")
 * @param cipherSuite the suite the capturing handshake chose
 */
public record ObservedEndpoint(String address, Optional<String> hostname, int port, String service, Instant scannedAt,
                               List<byte[]> chain, String protocol, String cipherSuite, Optional<ProtocolFacts> enumeration) {

    /** A served chain longer than this is a flood, not a chain (real ones hold 2 to 4); the scanner keeps no more. */
    public static final int MAX_CHAIN_LENGTH = io.certatlas.scan.ServedChain.MAX_LENGTH;
    /** Larger than any real certificate; the scanner's own byte cap refuses such a peer anyway. */
    public static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    /** A scanner's clock may run a little ahead of the server's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    /** Observations older than this are stale: rescan rather than replay them. */
    static final Duration MAX_AGE = Duration.ofDays(7);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public ObservedEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(scannedAt, "scannedAt");
        chain = List.copyOf(chain);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(enumeration, "enumeration");
    }

    /**
     * What a remote scanner posts of a report: exactly the endpoints a local scan records (TLS,
     * a chain served and parsed), so a remote scan records what a local one would.
     */
    public static Optional<ObservedEndpoint> of(EndpointReport report) {
        if (ScanObservations.of(report).isEmpty() || !(report.outcome() instanceof io.certatlas.scan.EndpointOutcome.Tls tls)) {
            return Optional.empty();
        }
        return Optional.of(new ObservedEndpoint(report.address(), report.endpoint().serverName(), report.port(), report.service(),
                report.observedAt(), tls.chain(), tls.protocol(), tls.cipherSuite(), report.profile().map(ProtocolFacts::of)));
    }

    public ObjectNode toJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("address", address);
        hostname.ifPresent(name -> node.put("hostname", name));
        node.put("port", port);
        node.put("service", service);
        node.put("scannedAt", scannedAt.toEpochMilli());
        ArrayNode certificates = node.putArray("chain");
        chain.forEach(der -> certificates.add(Base64.getEncoder().encodeToString(der)));
        ObjectNode handshake = node.putObject("handshake");
        handshake.put("protocol", protocol);
        handshake.put("cipherSuite", cipherSuite);
        enumeration.ifPresent(facts -> node.set("enumeration", facts.toJson(json)));
        return node;
    }

    /** Reads and checks one posted endpoint; the first fault found is refused with its field's path. */
    static ObservedEndpoint fromJson(PostedField field, Instant now) {
        if (!field.node().isObject()) {
            throw field.invalid("must be an object with address, port, scannedAt, chain and handshake");
        }
        String address = address(field.get("address"));
        Optional<String> hostname = field.get("hostname").optionalText(253).filter(name -> !name.isEmpty()).map(name -> {
            String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (IPV4.matcher(bare).matches() || !HOST_NAME.matcher(bare).matches()) {
                throw field.get("hostname").invalid("must be the DNS name sent as SNI (letters, digits, '-', '.'), was '" + name + "'");
            }
            return bare.toLowerCase(Locale.ROOT);
        });
        int port = (int) field.get("port").integer(1, 65_535);
        String service = field.get("service").optionalText(64).filter(s -> !s.isEmpty()).orElse(Service.forPort(port));
        if (!SERVICE.matcher(service).matches()) {
            throw field.get("service").invalid("must be a lower-case service name such as https or smtp, was '" + service + "'");
        }
        PostedField scanned = field.get("scannedAt");
        Instant scannedAt = Instant.ofEpochMilli(scanned.integer(0, Long.MAX_VALUE / 2));
        if (scannedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw scanned.invalid("lies in the future (" + scannedAt + ", the server's clock says " + now
                    + "): check the scanner's clock");
        }
        if (scannedAt.isBefore(now.minus(MAX_AGE))) {
            throw scanned.invalid("is more than " + MAX_AGE.toDays() + " days old (" + scannedAt + "): scan again");
        }
        List<byte[]> chain = new ArrayList<>();
        for (PostedField item : field.get("chain").items(1, MAX_CHAIN_LENGTH)) {
            String base64 = item.text(MAX_CERTIFICATE_BYTES * 4 / 3 + 4);
            try {
                chain.add(Base64.getDecoder().decode(base64.strip()));
            } catch (IllegalArgumentException e) {
                throw item.invalid("is not base64 (" + e.getMessage() + "): give each certificate's DER in standard base64");
            }
        }
        PostedField handshake = field.get("handshake");
        PostedField protocolField = handshake.get("protocol");
        String protocol = ProtocolVersion.fromName(protocolField.text(16)).map(ProtocolVersion::displayName)
                .orElseThrow(() -> protocolField.invalid("must be a protocol version: SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"));
        String cipherSuite = handshake.get("cipherSuite").optionalText(128).orElse("");
        PostedField enumerated = field.get("enumeration");
        Optional<ProtocolFacts> enumeration = enumerated.present() ? Optional.of(ProtocolFacts.fromJson(enumerated)) : Optional.empty();
        return new ObservedEndpoint(address, hostname, port, service, scannedAt, chain, protocol, cipherSuite, enumeration);
    }

    /** An IP literal in the canonical form a server scan records, so both find the same asset; never asks DNS. */
    private static String address(PostedField field) {
        String text = field.text(64).strip();
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches() && java.util.Arrays.stream(bare.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        boolean v6 = bare.contains(":") && bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (v4 || v6) {
            try {
                // getByName parses an IPv4 dotted quad or anything with ':' without a DNS query.
                return InetAddress.getByName(bare).getHostAddress();
            } catch (UnknownHostException e) {
                // falls through to the refusal
            }
        }
        throw field.invalid("must be the IPv4 or IPv6 address scanned, e.g. 192.0.2.7 or 2001:db8::1, was '" + text + "'");
    }
}
