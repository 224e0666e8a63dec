package io.certatlas.alerts.receiver;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One message as receivers carry it: a one-line title, the plain text (also the Slack-compatible
 * {@code text} field of a webhook), an HTML rendering for e-mail, the alerts as JSON, and the
 * delivery id (a uuid) a receiver can use to drop a repeat, and whether it is only a test-send.
 */
public record AlertMessage(String deliveryId, String title, String text, String html, List<JsonNode> alerts, boolean test) {

    public AlertMessage {
        alerts = List.copyOf(alerts);
    }
}
