package io.certatlas.alerts.receiver;

import io.certatlas.store.alerts.AlertDelivery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the outbox rows of one message as people read it: one line per alert saying what
 * started or ended, on which certificate and endpoint, and the date that matters.
 */
public final class MessageRenderer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private MessageRenderer() {
    }

    public static AlertMessage render(List<AlertDelivery> deliveries) {
        List<JsonNode> alerts = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (AlertDelivery delivery : deliveries) {
            JsonNode payload = JSON.readTree(delivery.payloadJson());
            alerts.add(payload);
            lines.add(line(payload));
        }
        AlertDelivery first = deliveries.getFirst();
        String rule = first.ruleName().orElse("test");
        String title = deliveries.size() == 1
                ? "CertAtlas " + first.event() + ": " + rule + " - " + JSON.readTree(first.payloadJson()).path("details").path("subjectName").asString("")
                : "CertAtlas " + (first.digest() ? "daily digest" : "alerts") + ": " + rule + " - " + deliveries.size() + " alerts";
        return of(first.uuid().toString(), title, lines, alerts, false);
    }

    /**
     * The message a test-send carries. Its id is a uuid like any delivery's, so a receiver that
     * checks or de-duplicates ids takes it; {@link AlertMessage#test()} says it is a test.
     */
    public static AlertMessage test(String receiverName, Instant now) {
        String line = "CertAtlas test message for receiver '" + receiverName + "' at " + DAY.format(now)
                + ": if you read this, alerts will reach you here.";
        return of(UUID.randomUUID().toString(), "CertAtlas test message", List.of(line), List.of(), true);
    }

    private static AlertMessage of(String deliveryId, String title, List<String> lines, List<JsonNode> alerts, boolean test) {
        String text = String.join("\n", lines);
        StringBuilder html = new StringBuilder("<html><body><p>").append(escape(title)).append("</p><ul>");
        lines.forEach(l -> html.append("<li>").append(escape(l)).append("</li>"));
        html.append("</ul></body></html>");
        return new AlertMessage(deliveryId, title, text, html.toString(), alerts, test);
    }

    static String line(JsonNode payload) {
        JsonNode d = payload.path("details");
        String event = payload.path("event").asString("");
        String condition = payload.path("condition").asString("");
        StringBuilder out = new StringBuilder("[").append(event).append("] ").append(payload.path("rule").asString("")).append(": ");
        String who = d.path("subjectName").asString("");
        String hash = d.path("certhash").asString("");
        out.append(who.isEmpty() ? "certificate" : who);
        if (!hash.isEmpty()) {
            out.append(" (certhash ").append(hash, 0, Math.min(16, hash.length())).append("…, serial ")
                    .append(d.path("serialNumber").asString("")).append(")");
        }
        if (d.has("endpoint")) {
            out.append(" at ").append(d.path("endpoint").asString(""));
        }
        boolean resolved = event.equals("RESOLVED");
        out.append(switch (condition) {
            case "OVERDUE" -> resolved ? " is no longer served there past its renewal point"
                    : " is still served past its renewal point " + date(d.path("renewalPoint")) + "; renewal did not happen";
            case "STALE" -> resolved ? " is no longer served where a newer certificate should be"
                    : " is still served although its successor " + d.path("successor").asString("").substring(0,
                            Math.min(16, d.path("successor").asString("").length())) + "… was seen";
            case "EXPIRES_WITHIN" -> resolved ? " no longer expires within " + payload.path("threshold").asString("") + " days where served"
                    : " expires " + date(d.path("validTo"));
            case "FINDING" -> (resolved ? " no longer has" : " has") + " finding QID " + d.path("qid").asLong()
                    + " " + d.path("title").asString("") + " (severity " + d.path("severity").asInt() + ")";
            case "GRADE_BELOW" -> resolved ? " is graded " + payload.path("threshold").asString("") + " or better again"
                    : " is graded " + d.path("grade").asString("") + ", below " + payload.path("threshold").asString("");
            case "NEW_CERTIFICATE" -> " was seen for the first time";
            default -> "";
        });
        if (!resolved && !condition.equals("EXPIRES_WITHIN")) {
            out.append(" (valid to ").append(date(d.path("validTo"))).append(")");
        }
        return out.toString();
    }

    private static String date(JsonNode epochMillis) {
        return epochMillis.isNumber() ? DAY.format(Instant.ofEpochMilli(epochMillis.asLong())) : "?";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
