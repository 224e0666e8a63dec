package io.certatlas.alerts.receiver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature header of a webhook: {@code X-CertAtlas-Signature: t=<unix seconds>,v1=<hex>}
 * where v1 is HMAC-SHA256 under the receiver's secret of {@code "<t>.<body>"}. A receiver
 * recomputes it, refuses a timestamp older than a few minutes, and remembers the delivery id
 * ({@code X-CertAtlas-Delivery}) it took, so a captured request cannot be played again.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-CertAtlas-Signature";
    public static final String DELIVERY_HEADER = "X-CertAtlas-Delivery";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
    }

    static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
