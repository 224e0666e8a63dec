package io.certatlas.server.watch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a user would write one, on loopback: it recomputes the HMAC-SHA256 of
 * "timestamp.body" with the shared secret (its own code, not CertAtlas'), refuses a bad
 * signature (401), a timestamp older than five minutes or a delivery id it already took (409),
 * and fails the first {@code failFirst} well-signed requests with 503, each refusal with an
 * optional error page.
 */
final class WebhookCatcher implements AutoCloseable {

    record Request(Map<String, List<String>> headers, byte[] body, int answered) {}

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    WebhookCatcher(String secret, int failFirst) throws IOException {
        this(secret, failFirst, "");
    }

    /** One whose refusals carry {@code errorPage} as their body, as many a real service's do. */
    WebhookCatcher(String secret, int failFirst, String errorPage) throws IOException {
        byte[] page = errorPage.getBytes(StandardCharsets.UTF_8);
        AtomicInteger failures = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = String.valueOf(exchange.getRequestHeaders().getFirst("X-CertAtlas-Signature"));
            String delivery = String.valueOf(exchange.getRequestHeaders().getFirst("X-CertAtlas-Delivery"));
            int status = answer(secret, signature, delivery, body, failures);
            synchronized (this) {
                requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, status));
                if (status == 200) {
                    accepted.add(new String(body, StandardCharsets.UTF_8));
                }
            }
            if (status == 200 || page.length == 0) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, page.length);
                exchange.getResponseBody().write(page);
            }
            exchange.close();
        });
        server.start();
    }

    private int answer(String secret, String signature, String delivery, byte[] body, AtomicInteger failures) {
        String[] parts = signature.split(",");
        if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
            return 401;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(parts[0].substring(2));
        } catch (NumberFormatException e) {
            return 401;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts[1].substring(3)))) {
                return 401;
            }
        } catch (Exception e) {
            return 401;
        }
        try {
            // As a careful receiver does: the id is documented as a uuid, and anything else is refused.
            UUID.fromString(delivery);
        } catch (IllegalArgumentException e) {
            return 400;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > 300 || seen.contains(delivery)) {
            return 409;
        }
        if (failures.getAndDecrement() > 0) {
            return 503;
        }
        seen.add(delivery);
        return 200;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
