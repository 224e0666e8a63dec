package io.certatlas.alerts.receiver;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a webhook posts: an http(s) URL, and how long to wait for its answer. The URL carries no
 * credentials, and a host written as an address is not one {@link RefusedAddress} names; a host
 * name is checked when a message is sent, on what it resolves to then.
 */
public record WebhookSettings(URI url, Duration timeout) {

    /** Where webhooks may go, for the messages that refuse an address. */
    static final String ALLOWED = "give a host name or an address of the receiver (loopback and private addresses are fine)";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    // Every label a number (decimal, or 0x hex), or the last one all digits, which no top-level domain is.
    private static final Pattern NUMERIC = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*|.*\\.[0-9]+");

    public static WebhookSettings from(JsonNode settings) {
        String url = settings.path("url").asString("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("url", "'" + url + "' is not a URL; give the receiver's https:// address");
        }
        if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            // Settings are stored and answered as they are: a password here would be shown to every manager.
            throw new InvalidSettingException("url", "the webhook url carries a user name or password, which would be stored"
                    + " and shown in clear: take it out; the receiver authenticates CertAtlas by the X-CertAtlas-Signature"
                    + " header, an HMAC under the receiver's secret");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidSettingException("url", "the webhook url must be an http:// or https:// address, was '" + url + "'");
        }
        if (uri.getRawAuthority() != null && uri.getRawAuthority().matches(".*:[0-9]+") && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new InvalidSettingException("url", "the webhook url's port must be 1 to 65535, was "
                    + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf(':') + 1));
        }
        if (uri.getHost() == null) {
            throw new InvalidSettingException("url", "the webhook url '" + url + "' names no host that can be read:"
                    + " write a name or an address in full (192.0.2.7, [2001:db8::7])");
        }
        Optional<InetAddress> literal = literal(uri.getHost());
        Optional<RefusedAddress> refused = literal.flatMap(RefusedAddress::of);
        if (refused.isPresent()) {
            throw new InvalidSettingException("url", "the webhook url's host " + uri.getHost() + " is " + refused.get().description()
                    + ", which a webhook may not be sent to; " + ALLOWED);
        }
        long timeoutMs = settings.path("timeoutMs").asLong(10_000);
        if (timeoutMs < 100 || timeoutMs > 120_000) {
            throw new InvalidSettingException("timeoutMs", "timeoutMs must be 100 to 120000, was " + timeoutMs);
        }
        return new WebhookSettings(uri, Duration.ofMillis(timeoutMs));
    }

    /**
     * The address when the host is written as one, read without asking DNS. A number that is not
     * a dotted quad (2852039166, 0x7f.1) is refused: resolvers read it as an address, each in its
     * own way.
     */
    private static Optional<InetAddress> literal(String host) {
        boolean v6 = host.startsWith("[");
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!v6 && !DOTTED_QUAD.matcher(host).matches()) {
            if (NUMERIC.matcher(name).matches()) {
                throw new InvalidSettingException("url", "the webhook url's host " + host + " is a number, not a host name:"
                        + " write an address in full (192.0.2.7) or a name");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("url", "the webhook url's host " + host + " is not a valid address");
        }
    }

    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("url", url.toString());
        node.put("timeoutMs", timeout.toMillis());
        return node.toString();
    }
}
