package io.certatlas.cli.remote;

import io.certatlas.client.tls.ServerTrust;
import io.certatlas.client.tls.ServerUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running CertAtlas server as a remote scanner talks to it: over HTTPS trusted through the
 * JDK's trust store or a pinned certificate fingerprint, or plain HTTP to a loopback address only
 * (a password and token must not cross a network in clear).
 */
public final class RemoteServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A batch of a few hundred endpoints is judged and recorded well within this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final HttpClient client;

    private RemoteServer(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /**
     * @param url         the server's base URL, {@code https://host:8443} (or {@code http://127.0.0.1:8080})
     * @param fingerprint the SHA-256 fingerprint of the server's certificate, to trust it without a CA
     * @throws IllegalArgumentException naming the option at fault
     */
    public static RemoteServer at(String url, Optional<String> fingerprint) {
        // The URL rule and the pin are the client module's: one way to reach a server, for query and scan alike.
        ServerUrl server = ServerUrl.parse(url, "--server");
        if (!server.https() && fingerprint.isPresent()) {
            throw new IllegalArgumentException("--server-fingerprint needs an https:// --server URL");
        }
        ServerTrust trust;
        try {
            trust = fingerprint.map(ServerTrust::pinned).orElse(ServerTrust.systemCas());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server-fingerprint: " + e.getMessage());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trust.sslContext()).build();
        return new RemoteServer(server.base(), client);
    }

    public URI base() {
        return base;
    }

    /** {@code POST /auth}: the bearer token of {@code username}. The password array is not kept. */
    public String login(String username, char[] password) throws IOException, InterruptedException, ServerRefused {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(new String(password), StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/auth")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw refusal(response);
        }
        return response.body().strip();
    }

    /** Gets a JSON resource with the bearer token; answers the parsed JSON answer of a 2xx. */
    public JsonNode get(String path, String token) throws IOException, InterruptedException, ServerRefused {
        Objects.requireNonNull(token, "token");
        return json(path, client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Posts a JSON body with the bearer token; answers the parsed JSON answer of a 2xx. */
    public JsonNode post(String path, String token, byte[] json) throws IOException, InterruptedException, ServerRefused {
        Objects.requireNonNull(token, "token");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString());
        return json(path, response);
    }

    private static JsonNode json(String path, HttpResponse<String> response) throws IOException, ServerRefused {
        if (response.statusCode() / 100 != 2) {
            throw refusal(response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IOException("the server's answer to " + path + " is not JSON: " + abbreviated(response.body()));
        }
    }

    /** The server's own message from its JSON error body; the bare body when it has none. */
    private static ServerRefused refusal(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.path("message").isString()) {
                return new ServerRefused(response.statusCode(), body.get("message").asString(),
                        body.path("field").isString() ? Optional.of(body.get("field").asString()) : Optional.empty());
            }
        } catch (JacksonException e) {
            // not JSON: a proxy's page, say; shown as it came
        }
        return new ServerRefused(response.statusCode(), abbreviated(response.body()), Optional.empty());
    }

    private static String abbreviated(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? "(empty body)" : line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
