package io.certatlas.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small HTTP server on loopback that answers the way Qualys documents its Certificate View
 * gateway, not the way CertAtlas does: everything below a path prefix ({@value #PREFIX}),
 * {@code POST /auth} answering 201 with a bare JWT, bare JSON arrays, assets as Qualys shows them
 * ({@code assetId}, no {@code uuid}), error bodies that are not always JSON, and throttling with
 * its {@code X-RateLimit-*} and {@code X-Concurrency-Limit-*} headers. Canned answers can be put
 * in front of any path to make it throttle, fail or refuse a token.
 */
final class FakeGateway implements AutoCloseable {

    static final String PREFIX = "/qg1-gateway";
    static final String USER = "scripter";
    static final String PASSWORD = "a password, with, commas & signs";

    /** A canned answer: status, headers, body. */
    record Canned(int status, Map<String, String> headers, String body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<ObjectNode> certificates = new ArrayList<>();
    private final Map<String, List<ObjectNode>> assetsByHash = new HashMap<>();
    private final List<ObjectNode> instances = new ArrayList<>();
    private final Map<String, Deque<Canned>> canned = new HashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private volatile String token = "";

    private FakeGateway(HttpServer server) {
        this.server = server;
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    static FakeGateway plain() {
        try {
            return new FakeGateway(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakeGateway tls(SSLContext context) {
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(context));
            return new FakeGateway(https);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    /**
     * {@code count} certificates; each has one asset, except: certificate 0 has {@code capped}
     * assets of which the list shows 1000, certificate 1 has exactly 1000 (and says so).
     */
    FakeGateway withCertificates(int count, int capped) {
        for (int i = 0; i < count; i++) {
            String hash = hash("certificate " + i);
            int assetTotal = i == 0 ? capped : i == 1 ? 1000 : 1;
            List<ObjectNode> assets = new ArrayList<>();
            for (int a = 0; a < assetTotal; a++) {
                assets.add(asset(i, a));
            }
            assetsByHash.put(hash, assets);
            ObjectNode c = JSON.createObjectNode();
            c.put("certhash", hash);
            c.put("keySize", 2048);
            c.put("serialNumber", Integer.toHexString(1000 + i));
            c.put("dn", "CN=host" + i + ".example.com");
            c.putObject("subject").put("name", "host" + i + ".example.com").put("organization", "")
                    .put("locality", "").put("state", "").putArray("organizationUnit");
            c.putObject("issuer").put("name", "Example CA").put("organization", "Example").putArray("organizationUnit");
            c.put("validFrom", 1617357600000L);
            c.put("validTo", 1733168800000L + i);
            c.put("signatureAlgorithm", "SHA256withRSA");
            c.put("selfSigned", false);
            c.put("issuerCategory", "unapproved");
            c.putObject("subjectAlternativeNames").putArray("DNS Name").add("host" + i + ".example.com");
            c.put("instanceCount", assetTotal);
            c.put("assetCount", assetTotal);
            c.put("lastFound", 1621333561000L);
            c.put("extendedValidation", false);
            c.put("orderStatus", "");
            ArrayNode list = c.putArray("assets");
            assets.stream().limit(1000).forEach(list::add);
            certificates.add(c);
        }
        return this;
    }

    FakeGateway withInstances(int count) {
        for (int i = 0; i < count; i++) {
            ObjectNode instance = JSON.createObjectNode();
            instance.put("id", 5000 + i);
            instance.put("port", i % 2 == 0 ? 443 : 8443);
            instance.put("scannedDate", 1715906342000L);
            instance.put("protocol", "tcp");
            instance.put("service", "http");
            instance.put("grade", "A");
            instance.putObject("asset").put("id", i).put("uuid", UUID.nameUUIDFromBytes(("i" + i).getBytes()).toString())
                    .put("name", "web" + i).put("primaryIp", "10.0.0." + (i % 250 + 1));
            instance.putObject("certificate").put("id", i).put("certhash", hash("instance certificate " + i))
                    .put("name", "web" + i).put("lastFound", 1715906342000L);
            instance.putObject("gradeSummary").put("grade", "A").put("gradeWithTrustIgnored", "A");
            instances.add(instance);
        }
        return this;
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers the next request to {@code path} (below the prefix) with this instead. */
    synchronized FakeGateway answerNext(String path, Canned answer) {
        canned.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
        return this;
    }

    /** A 429 as Qualys documents it: every rate-limit header, a wait of {@code seconds}, a body that is not JSON. */
    static Canned throttled(int seconds) {
        return new Canned(429, Map.of("X-RateLimit-Limit", "300", "X-RateLimit-Window-Sec", "3600",
                "X-RateLimit-Remaining", "0", "X-RateLimit-ToWait-Sec", Integer.toString(seconds),
                "X-Concurrency-Limit-Limit", "2", "X-Concurrency-Limit-Running", "2"),
                "<ServiceResponse><responseCode>TOO_MANY_REQUESTS</responseCode></ServiceResponse>");
    }

    long count(String path) {
        synchronized (log) {
            return log.stream().filter(line -> line.endsWith(" " + path)).count();
        }
    }

    /** Forgets the current token, as a gateway does when it revokes one. */
    void revokeToken() {
        token = "revoked";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Canned next;
            synchronized (this) {
                Deque<Canned> queue = canned.get(path);
                next = queue == null ? null : queue.poll();
            }
            log.add((next == null ? "" : next.status() + " ") + exchange.getRequestMethod() + " " + path);
            if (next != null) {
                send(exchange, next.status(), next.headers(), next.body());
                return;
            }
            if (path.equals("/auth")) {
                auth(exchange, new String(body, StandardCharsets.UTF_8));
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization")) || token.isEmpty()) {
                send(exchange, 401, Map.of(), "{\"message\":\"Invalid or expired token\"}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            int page = request.path("pageNumber").asInt(0);
            int size = request.path("pageSize").asInt(10);
            if (size > 200 && path.startsWith("/certview/v1")) {
                send(exchange, 400, Map.of(), "{\"message\":\"pageSize must be at most 200\"}");
                return;
            }
            if (path.equals("/certview/v1/certificates") || path.equals("/certview/v2/certificates")) {
                if (request.path("filter").isString() && request.path("filter").asString().contains("(((")) {
                    send(exchange, 400, Map.of(), "{\"errorCode\":\"BAD_REQUEST\",\"message\":\"Invalid filter query at 1\"}");
                    return;
                }
                sendPage(exchange, certificates, page, size);
            } else if (path.equals("/certview/v2/instances")) {
                sendPage(exchange, instances, page, size);
            } else if (path.startsWith("/certview/v1/certificates/") && path.endsWith("/assets")) {
                String hash = path.substring("/certview/v1/certificates/".length(), path.length() - "/assets".length());
                List<ObjectNode> assets = assetsByHash.get(hash);
                if (assets == null) {
                    send(exchange, 404, Map.of(), "{\"message\":\"Certificate not found\"}");
                    return;
                }
                sendPage(exchange, assets, page, size);
            } else {
                send(exchange, 404, Map.of(), "Not Found");
            }
        }
    }

    private void auth(HttpExchange exchange, String form) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!USER.equals(fields.get("username")) || !PASSWORD.equals(fields.get("password"))) {
            send(exchange, 401, Map.of(), "Bad credentials");
            return;
        }
        String claims = "{\"sub\":\"" + USER + "\",\"exp\":" + Instant.now().plusSeconds(4 * 3600).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\",\"modulesAllowed\":[\"CERTVIEW\"]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        token = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
        send(exchange, 201, Map.of("Content-Type", "text/plain"), token);
    }

    private static void sendPage(HttpExchange exchange, List<ObjectNode> items, int page, int size) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        long from = (long) page * size;
        for (long i = from; i < Math.min(items.size(), from + size); i++) {
            array.add(items.get((int) i));
        }
        send(exchange, 200, Map.of("Content-Type", "application/json", "X-RateLimit-Limit", "300",
                "X-RateLimit-Window-Sec", "3600", "X-RateLimit-Remaining", "250", "X-RateLimit-ToWait-Sec", "0"),
                JSON.writeValueAsString(array));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static ObjectNode asset(int certificate, int index) {
        ObjectNode asset = JSON.createObjectNode();
        asset.put("netbiosName", "");
        asset.put("assetId", UUID.nameUUIDFromBytes((certificate + "/" + index).getBytes(StandardCharsets.UTF_8)).toString());
        asset.put("name", "asset-" + certificate + "-" + index);
        asset.put("operatingSystem", "NetScaler");
        asset.put("created", 1587464966000L);
        asset.put("updated", 1625213136000L);
        asset.putArray("assetInterfaces").addObject().put("hostname", "asset-" + index).put("address", "10.1.0.1");
        asset.put("certificateCount", 0);
        return asset;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
