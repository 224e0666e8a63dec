package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.qql.QqlToken;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A property of every endpoint: whatever arrives (random bytes, random JSON built from the
 * fields the API knows, random QQL and structured filters, hostile path segments, any content
 * type, with a manager's token, a user's, or none), the answer is never a 5xx and always JSON
 * (but for the bare token of a successful login and an empty 204), and afterwards the server
 * still answers a normal request. Bounded: {@link #REQUESTS} requests from a fixed seed, which
 * a failure names so that it can be replayed.
 */
class EndpointFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REQUESTS = 2_000;
    private static final long SEED = Long.getLong("certatlas.fuzz.seed", 20_261_203L);
    private static final List<String> FIELDS = List.of("filter", "pageNumber", "pageSize", "sort", "certificateDetails",
            "attributes", "name", "namePattern", "assets", "username", "password", "role", "scope", "ports", "exclude",
            "concurrency", "perHostLimit", "connectTimeoutMs", "endpointTimeoutMs", "endpoints", "observations",
            "filters", "field", "operator", "operation", "value", "includes", "token", "permissions");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "text/plain", "", "application/json; charset=ISO-8859-1", "multipart/form-data; boundary=x", "application/xml");
    private static final List<String> WEIRD = List.of("\\u0000", "\\ud800", "\\\"", "\\\\", "é", "𝄞", "%", "*", "_", "'",
            "`", "(", ")", "[", "]", ":", "..", "\\n", "\\t", " ", "now-30d", "2024-01-01", "1e400", "-0", "NaN",
            "9223372036854775808", "<script>", "' or 1=1 --", "${jndi:x}", "../../etc/passwd", "a".repeat(300));

    private static RunningServer server;
    private static String manager;
    private static String user;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        SampleInventory.fill(server.database);
        manager = server.adminToken();
        assertThat(server.post("/api/v1/users", manager, "{\"username\": \"fuzzed\", \"password\": \"a fuzzed user password\","
                + " \"scope\": [\"Production\"]}").statusCode()).isEqualTo(201);
        user = server.token("fuzzed", "a fuzzed user password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noInputMakesAnyEndpointFailOrAnswerAnythingButJson() {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint endpoint = Endpoint.values()[random.nextInt(Endpoint.values().length)];
            String path = endpoint.path(random);
            String body = body(random, endpoint);
            String token = switch (random.nextInt(10)) {
                case 0 -> "";
                case 1, 2, 3 -> user;
                default -> manager;
            };
            HttpRequest.Builder request = HttpRequest.newBuilder(server.https(path))
                    .method(endpoint.method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = server.send(request.build());
            check(i, endpoint, path, body, response).ifPresent(failures::add);
        }
        assertThat(failures).as("%d of %d requests answered badly", failures.size(), REQUESTS).isEmpty();

        HttpResponse<String> normal = server.post("/certview/v1/certificates", manager, "{\"filter\": \"type:Leaf\", \"pageSize\": 50}");
        assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);
        assertThat(JSON.readTree(normal.body()).isArray()).isTrue();
        assertThat(JSON.readTree(normal.body()).size()).isGreaterThan(0);
        assertThat(server.get("/api/v1/tags", manager).statusCode()).isEqualTo(200);
    }

    /** What was wrong with the answer, if anything, with what it takes to replay it. */
    private static java.util.Optional<String> check(int index, Endpoint endpoint, String path, String body,
                                                     HttpResponse<String> response) {
        String replay = "request " + index + " of seed " + SEED + ": " + endpoint.method + " " + path + " body "
                + (body.length() > 400 ? body.substring(0, 400) + "..." : body) + "\nanswered " + response.statusCode()
                + " " + response.body();
        int status = response.statusCode();
        if (status >= 500) {
            return java.util.Optional.of("a 5xx: " + replay);
        }
        boolean token = endpoint == Endpoint.AUTH && status == 201;
        if (token || status == 204) {
            return java.util.Optional.empty();
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return java.util.Optional.of("not JSON content: " + replay);
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            if (status >= 400 && (json.path("status").asInt() != status || json.path("message").asString().isBlank())) {
                return java.util.Optional.of("an error without its status and message: " + replay);
            }
        } catch (JacksonException e) {
            return java.util.Optional.of("not JSON: " + replay);
        }
        return java.util.Optional.empty();
    }

    /** Every endpoint, with how its path variables are made. */
    enum Endpoint {
        AUTH("POST", "/auth"),
        CERTIFICATES("POST", "/certview/v1/certificates"),
        CERTIFICATE_ASSETS("POST", "/certview/v1/certificates/{hash}/assets"),
        USERS("GET", "/api/v1/users"),
        USER("GET", "/api/v1/users/{name}"),
        USER_CREATE("POST", "/api/v1/users"),
        USER_SCOPE("PUT", "/api/v1/users/{name}/scope"),
        USER_PASSWORD("PUT", "/api/v1/users/{name}/password"),
        USER_ROLE("PUT", "/api/v1/users/{name}/role"),
        USER_DELETE("DELETE", "/api/v1/users/{name}"),
        TAGS("GET", "/api/v1/tags"),
        TAG_CREATE("POST", "/api/v1/tags"),
        TAG_DELETE("DELETE", "/api/v1/tags/{name}"),
        TAG_ASSETS("POST", "/api/v1/tags/{name}/assets"),
        TAG_UNASSETS("DELETE", "/api/v1/tags/{name}/assets"),
        SCANS("GET", "/api/v1/scans"),
        SCAN("GET", "/api/v1/scans/{name}"),
        SCAN_START("POST", "/api/v1/scans"),
        OBSERVATIONS("POST", "/api/v1/observations"),
        OPENAPI("GET", "/api/openapi.json"),
        UNKNOWN("PATCH", "/api/v1/{name}");

        final String method;
        final String template;

        Endpoint(String method, String template) {
            this.method = method;
            this.template = template;
        }

        String path(Random random) {
            String name = switch (random.nextInt(4)) {
                case 0 -> "Production";
                case 1 -> "fuzzed";
                case 2 -> "x" + Integer.toHexString(random.nextInt());
                default -> URLEncoder.encode(text(random), StandardCharsets.UTF_8).replace("+", "%20");
            };
            // The manager's own account stays: without it, the rest of the run would test only 401s.
            if (name.equalsIgnoreCase("admin")) {
                name = "not-admin";
            }
            String hash = random.nextBoolean() ? "a".repeat(64) : name;
            return template.replace("{name}", name).replace("{hash}", hash);
        }
    }

    private static String body(Random random, Endpoint endpoint) {
        return switch (random.nextInt(6)) {
            case 0 -> randomBytesAsText(random);
            case 1 -> "";
            case 2 -> form(random);
            case 3 -> object(random, endpoint, "\"filter\": \"" + qql(random) + "\"");
            case 4 -> object(random, endpoint, "\"filter\": " + structured(random, 0));
            default -> object(random, endpoint, "");
        };
    }

    private static String randomBytesAsText(Random random) {
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String form(Random random) {
        List<String> pairs = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            String value = random.nextInt(5) == 0 ? "%zz" : URLEncoder.encode(text(random).replace("\\u0000", "\0"), StandardCharsets.UTF_8);
            pairs.add(field + "=" + value);
        }
        return String.join("&", pairs);
    }

    /** A JSON object of known and unknown fields with values of every type; for scans, only targets nobody listens on. */
    private static String object(Random random, Endpoint endpoint, String first) {
        List<String> members = new ArrayList<>();
        if (!first.isEmpty()) {
            members.add(first);
        }
        for (int i = random.nextInt(5); i >= 0; i--) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            members.add("\"" + field + "\": " + value(random, 0));
        }
        if (endpoint == Endpoint.SCAN_START) {
            // Scans reach out: only loopback targets where nothing listens, and never "force".
            members.add("\"targets\": " + List.of("[\"127.0.0.251\"]", "\"127.0.0.251 127.0.0.252\"", "[\"127.0.0.999\"]",
                    "[1, 2]", "{}", "[\"::1/129\"]", "\"\"").get(random.nextInt(7)));
            members.add("\"force\": false");
        }
        if (random.nextInt(8) == 0) {
            members.add("\"" + FIELDS.get(random.nextInt(FIELDS.size())) + "\""); // missing value: malformed JSON
        }
        return "{" + String.join(", ", members) + (random.nextInt(10) == 0 ? "" : "}");
    }

    private static String value(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> List.of("9223372036854775808", "-1", "0", "1e400", "1.5", "-0", "200", "10000", "1" + "0".repeat(30))
                    .get(random.nextInt(9));
            case 2 -> "\"" + text(random) + "\"";
            case 3 -> random.nextBoolean() ? "true" : "null";
            case 4 -> "\"" + qql(random) + "\"";
            case 5 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(random, depth + 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            case 6 -> structured(random, depth + 1);
            default -> "{\"" + FIELDS.get(random.nextInt(FIELDS.size())) + "\": " + value(random, depth + 1) + "}";
        };
    }

    /** A QQL filter: real token names and operators, values good and bad, with unbalanced parts now and then. */
    static String qql(Random random) {
        StringBuilder filter = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            if (!filter.isEmpty()) {
                filter.append(List.of(" and ", " or ", " AND NOT ", " ", " and (").get(random.nextInt(5)));
            }
            List<String> names = QqlToken.primaryNames();
            filter.append(random.nextInt(10) == 0 ? "unknown.token" : names.get(random.nextInt(names.size())));
            filter.append(List.of(":", ">", "<", ">=", "<=", "=", ":[", ":(").get(random.nextInt(8)));
            filter.append(text(random));
            if (random.nextInt(4) == 0) {
                filter.append(List.of(")", "]", " .. 5]", ", x]", ")").get(random.nextInt(5)));
            }
        }
        return filter.toString().replace("\"", "\\\"");
    }

    /** A structured filter: known fields and operators, values of any type, groups nested a little. */
    static String structured(Random random, int depth) {
        List<String> conditions = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            if (depth < 3 && random.nextInt(4) == 0) {
                conditions.add(structured(random, depth + 1));
                continue;
            }
            List<String> names = QqlToken.primaryNames();
            String field = random.nextInt(8) == 0 ? text(random) : names.get(random.nextInt(names.size()));
            String operator = List.of("EQUALS", "NOT_EQUALS", "CONTAINS", "IN", "GREATER", "LESSER", "GREATER_THAN_EQUAL",
                    "LESS_THAN_EQUAL", "IS_EMPTY", "IS_NOT_EMPTY", "LIKE", "").get(random.nextInt(12));
            conditions.add("{\"field\": \"" + field + "\", \"operator\": \"" + operator + "\", \"value\": " + value(random, 3) + "}");
        }
        String combinator = List.of("AND", "or", "XOR", "").get(random.nextInt(4));
        return "{\"filters\": [" + String.join(",", conditions) + "], \"" + (random.nextBoolean() ? "operation" : "operator")
                + "\": \"" + combinator + "\"}";
    }

    /** Text for inside a JSON string: printable, escaped or hostile pieces. */
    static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            if (random.nextBoolean()) {
                text.append(WEIRD.get(random.nextInt(WEIRD.size())));
            } else {
                for (int j = random.nextInt(8); j >= 0; j--) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
            }
        }
        return text.toString().toLowerCase(Locale.ROOT).equals("admin") ? "not-admin" : text.toString();
    }
}
