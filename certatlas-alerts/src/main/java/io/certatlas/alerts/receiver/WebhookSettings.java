package io.certatlas.alerts.receiver;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Where a webhook posts: an http(s) URL, and how long to wait for its answer. */
public record WebhookSettings(URI url, Duration timeout) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static WebhookSettings from(JsonNode settings) {
        String url = settings.path("url").asString("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("url", "'" + url + "' is not a URL; give the receiver's https:// address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new InvalidSettingException("url", "the webhook url must be an http:// or https:// address, was '" + url + "'");
        }
        long timeoutMs = settings.path("timeoutMs").asLong(10_000);
        if (timeoutMs < 100 || timeoutMs > 120_000) {
            throw new InvalidSettingException("timeoutMs", "timeoutMs must be 100 to 120000, was " + timeoutMs);
        }
        return new WebhookSettings(uri, Duration.ofMillis(timeoutMs));
    }

    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("url", url.toString());
        node.put("timeoutMs", timeout.toMillis());
        return node.toString();
    }
}
