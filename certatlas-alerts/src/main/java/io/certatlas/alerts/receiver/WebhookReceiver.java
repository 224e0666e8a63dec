package io.certatlas.alerts.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts a message as JSON: {@code text} (what Slack and compatible chat hooks show), the delivery
 * id and the alerts; signed with {@link WebhookSignature}. Any answer but 2xx is a failure the
 * outbox tries again, reported by its status alone; redirects are not followed (a signed body is
 * for the address configured, and a redirect could point where no receiver may be).
 */
public final class WebhookReceiver implements Receiver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
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
        requireAllowedAddresses();
        HttpResponse<InputStream> response;
        // The request's timeout ends at the answer's headers; this one bounds the whole exchange,
        // so a receiver cannot hold a delivery thread by trickling an endless body.
        CompletableFuture<HttpResponse<InputStream>> pending = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            response = pending.get(CONNECT_TIMEOUT.plus(settings.timeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new DeliveryFailedException("the webhook at " + settings.url() + " did not answer within "
                    + settings.timeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            IOException failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            throw new DeliveryFailedException("the webhook at " + settings.url() + " " + failure(failed), failed);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException("interrupted while posting to " + settings.url(), e);
        }
        // The answer's body is never read: it is the receiver's, and repeating it (in the outbox's
        // last error, or to whoever pressed "test") would let this server read whatever an address
        // on its network answers. Closing it unread drops the connection instead of draining it.
        try (InputStream unread = response.body()) {
            // nothing to read
        } catch (IOException e) {
            // the body is not wanted; a failure to close it changes nothing about the delivery
        }
        int status = response.statusCode();
        if (status / 100 == 3) {
            throw new DeliveryFailedException("the webhook at " + settings.url() + " answered HTTP " + status
                    + ", a redirect, which is not followed: configure the address it points to");
        }
        if (status / 100 != 2) {
            throw new DeliveryFailedException("the webhook at " + settings.url() + " answered HTTP " + status);
        }
    }

    /**
     * Refuses to post when the host resolves to an address {@link RefusedAddress} names, so a name
     * (or a DNS answer changed since the receiver was saved) cannot lead the post to cloud
     * metadata. The client then connects by the same name, which the JVM answers from the lookup
     * just made (it keeps answers for 30 seconds).
     */
    private void requireAllowedAddresses() throws DeliveryFailedException {
        String host = settings.url().getHost();
        Optional<RefusedAddress.Resolved> refused;
        try {
            refused = RefusedAddress.amongAddressesOf(host);
        } catch (UnknownHostException e) {
            throw new DeliveryFailedException("the webhook host " + host + " does not resolve", e);
        }
        if (refused.isPresent()) {
            throw new DeliveryFailedException("not sent: the webhook host " + host + " resolves to "
                    + refused.get().address().getHostAddress() + ", " + refused.get().why().description()
                    + ", which a webhook may not be sent to; " + WebhookSettings.ALLOWED);
        }
    }

    /** What went wrong, in words of our own: an exception's text may quote what the peer sent. */
    private String failure(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException t -> "did not take the connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
            case HttpTimeoutException t -> "did not answer within " + settings.timeout().toMillis() + " ms";
            case ConnectException c -> "refused the connection";
            case SSLException s -> "failed the TLS handshake (" + s.getClass().getSimpleName() + ")";
            default -> "could not be reached (" + e.getClass().getSimpleName() + ")";
        };
    }
}
