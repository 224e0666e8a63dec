package io.certatlas.alerts.receiver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts a message as JSON: {@code text} (what Slack and compatible chat hooks show), the delivery
 * id and the alerts; signed with {@link WebhookSignature}. Any answer but 2xx is a failure the
 * outbox tries again; redirects are not followed (a signed body is for the address configured).
 */
public final class WebhookReceiver implements Receiver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();

    private final WebhookSettings settings;
    private final String secret;
    private final Clock clock;

    public WebhookReceiver(WebhookSettings settings, String secret, Clock clock) {
        this.settings = settings;
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public void send(AlertMessage message) throws DeliveryFailedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", message.text());
        body.put("title", message.title());
        body.put("deliveryId", message.deliveryId());
        body.put("test", message.test());
        ArrayNode alerts = body.putArray("alerts");
        message.alerts().forEach(alerts::add);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "CertAtlas-Alerts")
                .header(WebhookSignature.DELIVERY_HEADER, message.deliveryId())
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, now, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryFailedException("the webhook at " + settings.url() + " could not be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException("interrupted while posting to " + settings.url(), e);
        }
        if (response.statusCode() / 100 != 2) {
            String said = response.body().length() > 200 ? response.body().substring(0, 200) : response.body();
            throw new DeliveryFailedException("the webhook at " + settings.url() + " answered " + response.statusCode()
                    + (said.isBlank() ? "" : ": " + said));
        }
    }
}
