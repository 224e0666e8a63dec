package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inputs that once reached a 500 (or an HTML page): each is answered with a JSON 4xx that names
 * the field and says what to send instead.
 */
class HostileInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NUL = "\\u0000";
    private static RunningServer server;
    private static String admin;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        admin = server.adminToken();
        server.post("/api/v1/tags", admin, "{\"name\": \"Production\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pageNumbersAndSizesBeyondSixtyFourBitsAre400NamingTheField() {
        for (String field : List.of("pageNumber", "pageSize")) {
            for (String value : List.of("9223372036854775808", "-9223372036854775809", "1" + "0".repeat(40), "\"99999999999999999999\"")) {
                assertFieldError(server.post("/certview/v1/certificates", admin, "{\"" + field + "\": " + value + "}"), 400, field);
                assertFieldError(server.post("/certview/v1/certificates/" + "a".repeat(64) + "/assets", admin,
                        "{\"" + field + "\": " + value + "}"), 400, field);
            }
        }
    }

    @Test
    void aNulCharacterInAFilterIs400NamingTheFilter() {
        assertFieldError(server.post("/certview/v1/certificates", admin,
                "{\"filter\": \"subject.name:a" + NUL + "b\"}"), 400, "filter");
        assertFieldError(server.post("/certview/v1/certificates", admin,
                "{\"filter\": {\"filters\": [{\"field\": \"subject.name\", \"operator\": \"CONTAINS\", \"value\": \"x" + NUL + "\"}]}}"),
                400, "filter");
        assertFieldError(server.post("/certview/v1/certificates", admin,
                "{\"filter\": {\"filters\": [{\"field\": \"subject.name\", \"operator\": \"IN\", \"value\": [\"x" + NUL + "\"]}]}}"),
                400, "filter");
        assertFieldError(server.post("/certview/v1/certificates/" + "a".repeat(64) + "/assets", admin,
                "{\"filter\": \"asset:(name:a" + NUL + ")\"}"), 400, "filter");
    }

    @Test
    void aTagNamedLikeAnotherTagsUuidIsRefusedAndCannotStandForIt() throws Exception {
        String uuid = "";
        for (JsonNode tag : JSON.readTree(server.get("/api/v1/tags", admin).body())) {
            if (tag.get("name").asString().equals("Production")) {
                uuid = tag.get("uuid").asString();
            }
        }
        assertThat(uuid).isNotEmpty();
        assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"" + uuid + "\"}"), 400, "name");
        assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"00000000-0000-0000-0000-000000000000\"}"), 400, "name");
        assertThat(server.get("/api/v1/tags", admin).body()).doesNotContain("\"name\":\"" + uuid + "\"")
                .doesNotContain("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void aNulCharacterInATagNameNamePatternOrScopeIs400NamingTheField() {
        assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"Prod" + NUL + "\"}"), 400, "name");
        assertFieldError(server.post("/api/v1/tags/Production/assets", admin, "{\"namePattern\": \"web" + NUL + "*\"}"),
                400, "namePattern");
        assertFieldError(server.post("/api/v1/users", admin, "{\"username\": \"nul-scope\", \"password\": \"a long enough password\","
                + " \"scope\": [\"Production" + NUL + "\"]}"), 400, "scope");
        assertFieldError(server.post("/api/v1/users", admin, "{\"username\": \"nul" + NUL + "name\", \"password\": \"a long enough password\"}"),
                400, "username");
        HttpResponse<String> path = server.get("/api/v1/users/a%00b", admin);
        assertThat(path.statusCode()).as(path.body()).isBetween(400, 499);
        assertJson(path);
    }

    @Test
    void passwordsAreLimitedInBytesAndTheMessageSaysSo() {
        String accented = "é".repeat(40); // 40 characters, 80 bytes in UTF-8
        HttpResponse<String> response = server.post("/api/v1/users", admin,
                "{\"username\": \"accented\", \"password\": \"" + accented + "\"}");

        assertFieldError(response, 400, "password");
        assertThat(JSON.readTree(response.body()).get("message").asString()).contains("72 bytes").contains("80 bytes");

        new Accounts(server.database.dsl()).create("changer", Passwords.encoder().encode("a long enough password"), Role.USER, List.of());
        HttpResponse<String> change = server.send(HttpRequest.newBuilder(server.https("/api/v1/users/changer/password"))
                .header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"" + accented + "\"}")).build());
        assertFieldError(change, 400, "password");
        // White space alone is no password, at creation or at a change (the command line's rule too).
        HttpResponse<String> blank = server.send(HttpRequest.newBuilder(server.https("/api/v1/users/changer/password"))
                .header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"" + " ".repeat(12) + "\\t\"}")).build());
        assertFieldError(blank, 400, "password");
        assertThat(JSON.readTree(blank.body()).get("message").asString()).contains("only spaces or other white space");
        assertFieldError(server.post("/api/v1/users", admin, "{\"username\": \"blank\", \"password\": \"" + " ".repeat(14) + "\"}"),
                400, "password");
        // Seventy-two bytes of two-byte letters are accepted, and work at login.
        String fits = "é".repeat(36);
        assertThat(server.post("/api/v1/users", admin, "{\"username\": \"fits\", \"password\": \"" + fits + "\"}").statusCode())
                .isEqualTo(201);
        assertThat(server.login("fits", fits).statusCode()).isEqualTo(201);
        // At login, a password of any length is only a wrong password.
        assertThat(server.login("fits", "é".repeat(500)).statusCode()).isEqualTo(401);
    }

    @Test
    void aHugeFormBodyToAuthIs413Json() {
        byte[] body = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy("username=admin&password=".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 24);
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.https("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertJson(response);
    }

    @Test
    void malformedPathsAreAnsweredInJsonNeverHtml() throws IOException {
        for (String path : List.of("/api/v1/users%2F", "/api/v1/users%2Fadmin", "/certview/v1/%2e%2e/x", "/a%5Cb", "/%", "/api/v1/users/%ZZ")) {
            String raw = rawGet(path);
            assertThat(raw).as(path).matches("(?s)HTTP/1\\.[01] 4.*");
            assertThat(raw.toLowerCase(java.util.Locale.ROOT)).as(path).contains("content-type: application/json").doesNotContain("<html");
            JsonNode body = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("status").asInt()).as(raw).isBetween(400, 499);
            assertThat(body.get("message").asString()).as(raw).isNotBlank();
        }
    }

    @Test
    void aRequestLineOrHeaderTooLargeForTomcatIsAnsweredInJson() throws IOException {
        String raw = rawRequest("GET /api/v1/tags HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(100_000)
                + "\r\n\r\n");
        assertThat(raw).matches("(?s)HTTP/1\\.[01] 4.*");
        assertThat(raw.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json").doesNotContain("<html");
        JsonNode body = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("message").asString()).as("says what was too large, not that a path was encoded")
                .containsIgnoringCase("header").contains("8 KiB");

        String method = rawRequest("FO(O /api/v1/tags HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(method).matches("(?s)HTTP/1\\.[01] 400.*");
        assertThat(JSON.readTree(method.substring(method.indexOf("\r\n\r\n") + 4)).get("message").asString())
                .containsIgnoringCase("method");
    }

    @Test
    void requestsRefusedBeforeAnyControllerCarryTheSecurityHeadersOfEveryAnswer() throws IOException {
        // Tomcat's "Invalid URI" and invalid characters (answered by its error valve), TRACE (Spring's
        // 405: it is never echoed), and Spring Security's firewall (//, ;, an encoded dot).
        for (String line : List.of("GET /api/v1/users%2F", "GET /%", "GET /api/v1/ta{gs", "TRACE /api/v1/tags",
                "GET //api/v1/tags", "GET /api/v1/tags;x=1", "GET /api/v1/%2e%2e/tags", "GET /api/v1/tags")) {
            String request = line + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
                    + "\r\nConnection: close\r\n\r\n";
            String https = rawTlsRequest(request);
            assertSecurityHeaders(line, https, true);
            String http = rawRequest(request);
            assertSecurityHeaders(line, http, false);
            if (!line.equals("GET /api/v1/tags")) {
                assertThat(https).as(line).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
                assertThat(headers(https)).as(line).contains("content-type: application/json", "cache-control: no-store");
                JsonNode body = JSON.readTree(https.substring(https.indexOf("\r\n\r\n") + 4));
                assertThat(https).as(line).startsWith("HTTP/1.1 " + body.get("status").asInt());
                assertThat(body.get("message").asString()).as(line).isNotBlank();
            }
        }
        // What else Tomcat refuses while reading the request is the client's doing, and said so.
        for (String request : List.of("GET /api/v1/tags HTTP/9.9\r\nHost: x\r\n\r\n",
                "POST /api/v1/tags HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n",
                "GET /api/v1/tags HTTP/1.1\r\nHost: x\r\nExpect: 100-foo\r\nConnection: close\r\n\r\n",
                "GET /api/v1/tags HTTP/1.1\r\nHost: x\r\nBad Header: x\r\nConnection: close\r\n\r\n")) {
            String raw = rawTlsRequest(request);
            assertSecurityHeaders(request, raw, true);
            JsonNode body = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertThat(raw).as(request).startsWith("HTTP/1.1 " + body.get("status").asInt());
            assertThat(body.get("errorCode").asString()).as(raw).isNotEqualTo("INTERNAL_ERROR");
            assertThat(body.get("message").asString()).as(raw).doesNotContain("server log");
        }
        String firewall = rawTlsRequest("GET /api/v1/tags;x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(JSON.readTree(firewall.substring(firewall.indexOf("\r\n\r\n") + 4)).get("message").asString())
                .as("says what is wrong with the path").contains(";");
    }

    @Test
    void anUnknownMethodOrAGetOfAuthIs405WithAllow() throws IOException {
        HttpResponse<String> foo = server.send(HttpRequest.newBuilder(server.https("/api/v1/tags"))
                .header("Authorization", "Bearer " + admin).method("FOO", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(foo.statusCode()).as(foo.body()).isEqualTo(405);
        assertThat(foo.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).matches("GET, ?POST"));
        assertThat(assertJson(foo).get("message").asString()).contains("FOO").contains("GET");

        HttpResponse<String> get = server.send(HttpRequest.newBuilder(server.https("/auth")).GET().build());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(assertJson(get).get("message").asString()).contains("use POST");

        String raw = rawTlsRequest("FOO /auth HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 405");
        assertThat(headers(raw)).contains("allow: post");
        assertSecurityHeaders("FOO /auth", raw, true);
    }

    @Test
    void anUnknownMethodOnThePagesFilesIs405WithAllowNotA403() throws IOException {
        for (String line : List.of("FOO /", "PUT /", "FOO /assets/app.js")) {
            String raw = rawTlsRequest(line + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(raw).as(line).startsWith("HTTP/1.1 405");
            assertThat(headers(raw)).as(line).containsPattern("(?m)^allow: get");
            assertThat(JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("message").asString()).as(line)
                    .contains(line.substring(0, line.indexOf(' '))).contains("GET");
            assertSecurityHeaders(line, raw, true);
        }
    }

    @Test
    void aTraceIs405NamingTraceAndTheMethodsThePathTakes() throws IOException {
        for (String path : List.of("/health", "/", "/api/v1/alerts/rules")) {
            String raw = rawTlsRequest("TRACE " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(raw).as(path).startsWith("HTTP/1.1 405");
            String message = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("message").asString();
            assertThat(message).as(path).startsWith("TRACE is not allowed on " + path).doesNotContain("GET is not allowed");
            String allow = headers(raw).lines().filter(h -> h.startsWith("allow: ")).findFirst().orElse("");
            assertThat(allow).as(path).doesNotContain("delete", "put", "trace");
            assertThat(allow).as(path).contains(path.equals("/api/v1/alerts/rules") ? "post" : "get");
            assertSecurityHeaders("TRACE " + path, raw, true);
        }
    }

    @Test
    void optionsStarCarriesTheSecurityHeadersOfEveryAnswer() throws IOException {
        String request = "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        String https = rawTlsRequest(request);
        assertThat(https).startsWith("HTTP/1.1 200");
        assertSecurityHeaders("OPTIONS * over HTTPS", https, true);
        assertSecurityHeaders("OPTIONS * over HTTP", rawRequest(request), false);
        assertThat(headers(https)).as("TRACE is answered 405 everywhere").containsPattern("(?m)^allow: get, ")
                .doesNotContain("trace");
    }

    @Test
    void anHttp09RequestGetsTheRefusalOfAnUnknownVersionNotThePathsAnswer() throws IOException {
        // HTTP/0.9 has no status line or headers: Tomcat cannot be told to refuse it, so the bare body says it.
        for (String raw : List.of(rawTlsRequest("GET /health\r\n\r\n"), rawRequest("GET /api/v1/tags\r\n\r\n"))) {
            JsonNode body = JSON.readTree(raw);
            assertThat(body.get("status").asInt()).as(raw).isEqualTo(505);
            assertThat(body.get("message").asString()).contains("HTTP/1.1 and HTTP/1.0 only");
        }
    }

    @Test
    void theFirewallRefusesAnEncodedDotBeforeAskingForAToken() throws IOException {
        for (String path : List.of("/%2e/health", "/api/v1/%2e%2e/health", "/%2E/health", "/api/v1/.%2e/health")) {
            String raw = rawTlsRequest("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(raw).as(path).startsWith("HTTP/1.1 400");
            assertThat(headers(raw)).as(path).contains("content-type: application/json").doesNotContain("www-authenticate");
            assertThat(JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("message").asString()).as(path)
                    .contains("send a plain path");
            assertThat(rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                    .as("plain HTTP/1.1 " + path).startsWith("HTTP/1.1 400");
            HttpResponse<String> client = server.send(HttpRequest.newBuilder(server.https(path)).GET().build());
            assertThat(client.statusCode()).as(path + " " + client.body()).isEqualTo(400);
            assertThat(client.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void aFoldedHeaderLineIsRefusedSayingSo() throws IOException {
        String raw = rawTlsRequest("GET /health HTTP/1.0\r\nHost: x\r\n X: folded\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        String message = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)).get("message").asString();
        assertThat(message).contains("folded").doesNotContain("(The character)");
        assertSecurityHeaders("folded header", raw, true);
    }

    @Test
    void metricsWithoutItsTokenIsTheJson401OfEveryOtherEndpoint() {
        HttpResponse<String> refused = server.send(HttpRequest.newBuilder(server.https("/metrics")).GET().build());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(assertJson(refused).get("message").asString()).contains("metrics.token");
        HttpResponse<String> wrong = server.get("/metrics", admin);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertJson(wrong);
    }

    @Test
    void aWriteWhoseJsonIsCutShortIsRefusedWhileCertificateViewQueriesStillCloseIt() {
        for (String body : List.of("{", "{\"name\": \"Cut\"", "{\"name\": \"Cut\"}}", "{\"name\": \"Cut\"} {}")) {
            HttpResponse<String> refused = server.post("/api/v1/tags", admin, body);
            assertThat(refused.statusCode()).as(body + " " + refused.body()).isEqualTo(400);
            String message = assertJson(refused).get("message").asString();
            assertThat(message).as(body).contains("not valid JSON").doesNotContain("Source").doesNotContain("`")
                    .doesNotContain("FAIL_ON").doesNotContain("REDACTED");
        }
        HttpResponse<String> user = server.post("/api/v1/users", admin,
                "{\"username\": \"cut-short\", \"password\": \"a long enough password\"");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(400);
        assertThat(server.get("/api/v1/users/cut-short", admin).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/tags", admin).body()).doesNotContain("\"Cut\"");

        // As in Qualys' published sample: -d "{\"certificateDetails\":\"basic\"
        HttpResponse<String> sample = server.post("/certview/v1/certificates", admin, "{\"certificateDetails\":\"basic\"");
        assertThat(sample.statusCode()).as(sample.body()).isEqualTo(200);
    }

    @Test
    void aJsonBodyLabelledMultipartIsReadAndARealMultipartFormIsRefused() {
        HttpResponse<String> labelled = server.send(HttpRequest.newBuilder(server.https("/api/v1/tags"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Labelled\"}")).build());
        assertThat(labelled.statusCode()).as(labelled.body()).isEqualTo(201);
        assertThat(JSON.readTree(labelled.body()).get("name").asString()).isEqualTo("Labelled");

        String form = "--b0undary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nFromForm\r\n--b0undary--\r\n";
        HttpResponse<String> multipart = server.send(HttpRequest.newBuilder(server.https("/api/v1/tags"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(400);
        assertThat(assertJson(multipart).get("message").asString()).contains("multipart").contains("JSON");
    }

    @Test
    void anAcceptHeaderWithoutJsonStillGetsTheErrorInJson() {
        for (String accept : List.of("application/xml", "text/html", "text/plain")) {
            HttpResponse<String> error = server.send(HttpRequest.newBuilder(server.https("/certview/v1/certificates"))
                    .header("Authorization", "Bearer " + admin).header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pageSize\": 900}")).build());
            assertFieldError(error, 400, "pageSize");

            HttpResponse<String> unacceptable = server.send(HttpRequest.newBuilder(server.https("/api/v1/tags"))
                    .header("Authorization", "Bearer " + admin).header("Accept", accept).GET().build());
            assertThat(unacceptable.statusCode()).as(accept + " " + unacceptable.body()).isIn(200, 406);
            assertJson(unacceptable.statusCode() == 406 ? unacceptable : error);
        }
    }

    @Test
    void ambiguousRequestsAreRefusedInsteadOfGuessedAt() throws IOException {
        String twoHeaders = rawRequest("GET /api/v1/tags HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
                + "\r\nAuthorization: Bearer someone-else\r\nConnection: close\r\n\r\n");
        assertThat(twoHeaders).matches("(?s)HTTP/1\\.[01] 401.*");
        assertThat(twoHeaders).contains("more than one Authorization header");

        HttpResponse<String> twoNames = server.send(HttpRequest.newBuilder(server.https("/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&username=other&password=x")).build());
        assertFieldError(twoNames, 400, "username");

        assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"Team/Payments\"}"), 400, "name");
        // A line break, an escape or a bidi override in a name would forge lines wherever tags are listed.
        for (String hostile : List.of("Prod\\nAdmin", "Prod\\u001b[2J", "Prod\\u202eAdmin")) {
            assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"" + hostile + "\"}"), 400, "name");
        }
        // An empty pattern matches nothing: refused rather than answered with "tagged 0".
        assertFieldError(server.post("/api/v1/tags/Production/assets", admin, "{\"namePattern\": \"\"}"), 400, "namePattern");
        assertFieldError(server.post("/api/v1/tags", admin, "{\"name\": \"Production\"}"), 409, "name");
        assertFieldError(server.post("/api/v1/users", admin, "{\"username\": \"bad name!\", \"password\": \"a long enough password\"}"),
                400, "username");
        assertFieldError(server.post("/api/v1/scans", admin, "{\"targets\": [\"127.0.0.1\"], \"ports\": \"0,70000\"}"), 400, "ports");
        HttpResponse<String> range = server.post("/certview/v1/certificates", admin,
                "{\"filter\": \"asset.interfaces.address:[10.0.0.1 .. ::1]\"}");
        assertFieldError(range, 400, "filter");
        assertThat(range.body()).contains("one family");

        HttpResponse<String> twoFilters = server.get("/api/v1/export.csv?filter=type:Leaf&filter=keySize%3E1024", admin);
        assertFieldError(twoFilters, 400, "filter");
        assertThat(twoFilters.body()).contains("2 times");
    }

    @Test
    void aGetOfTheCountEndpointIs405AndTooLongANumberIsSaidSo() {
        HttpResponse<String> count = server.get("/certview/v1/certificates/count", admin);
        assertThat(count.statusCode()).as(count.body()).isEqualTo(405);
        assertThat(assertJson(count).get("message").asString()).contains("use POST");

        HttpResponse<String> number = server.post("/certview/v1/certificates", admin, "{\"filter\": \"keySize>-9223372036854775808\"}");
        assertFieldError(number, 400, "filter");
        assertThat(JSON.readTree(number.body()).get("message").asString()).contains("more digits");
    }

    @Test
    void theStructuredFilterHasTheLimitsOfQql() {
        String nested = "{\"field\": \"keySize\", \"operator\": \"EQUALS\", \"value\": 2048}";
        for (int i = 0; i < 240; i++) {
            nested = "{\"filters\": [" + nested + "], \"operation\": \"AND\"}";
        }
        HttpResponse<String> deep = server.post("/certview/v1/certificates", admin, "{\"filter\": " + nested + "}");
        assertFieldError(deep, 400, "filter");
        assertThat(JSON.readTree(deep.body()).get("message").asString()).contains("deeper than");

        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            values.append(i == 0 ? "" : ",").append(i);
        }
        HttpResponse<String> wide = server.post("/certview/v1/certificates", admin,
                "{\"filter\": {\"filters\": [{\"field\": \"keySize\", \"operator\": \"IN\", \"value\": [" + values + "]}]}}");
        assertThat(wide.statusCode()).as(wide.body()).isIn(400, 413);
        assertJson(wide);
    }

    private static String rawGet(String path) throws IOException {
        return rawRequest("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin
                + "\r\nConnection: close\r\n\r\n");
    }

    /** A raw socket: java.net.http refuses to send such requests, a hostile client does not. */
    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server.httpPort().orElseThrow())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A raw TLS socket: the request line goes out as written, which no HTTP client library allows. */
    private static String rawTlsRequest(String request) throws IOException {
        try (Socket socket = server.client.sslContext().getSocketFactory().createSocket("127.0.0.1", server.server.httpsPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String headers(String raw) {
        return raw.substring(0, Math.max(0, raw.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
    }

    private static void assertSecurityHeaders(String what, String raw, boolean https) {
        String headers = headers(raw);
        assertThat(headers).as(what).contains("x-content-type-options: nosniff", "x-frame-options: deny",
                "content-security-policy: " + io.certatlas.server.web.SecurityHeaders.CONTENT_SECURITY_POLICY.toLowerCase(java.util.Locale.ROOT),
                "referrer-policy: no-referrer");
        if (https) {
            assertThat(headers).as(what).contains("strict-transport-security: max-age=31536000");
        } else {
            assertThat(headers).as(what + ": HSTS means nothing over plain HTTP").doesNotContain("strict-transport-security");
        }
    }

    static void assertFieldError(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = assertJson(response);
        assertThat(body.path("field").asString()).as(response.body()).isEqualTo(field);
    }

    static JsonNode assertJson(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asString()).isNotBlank();
        return body;
    }
}
