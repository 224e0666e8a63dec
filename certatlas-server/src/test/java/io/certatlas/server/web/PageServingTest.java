package io.certatlas.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's files over HTTPS without a token, every answer with the security headers, nothing
 * else opened up by serving them, and the files themselves free of what the policy forbids.
 */
class PageServingTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) {
        return server.send(HttpRequest.newBuilder(server.https(path)).GET().build());
    }

    @Test
    void thePageAndItsAssetsNeedNoTokenAndCarryAStrictPolicy() {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\"></script>", "id=\"login-form\"");
        for (String path : new String[] {"/", "/assets/app.js", "/assets/app.css", "/api/v1/overview"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'", "style-src 'self'", "default-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
        assertThat(get("/assets/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/assets/app.js").headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(get("/assets/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/assets/icon.svg").statusCode()).isEqualTo(200);
    }

    @Test
    void servingThePageOpensNothingElse() {
        assertThat(get("/api/v1/overview").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/endpoints/1").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(get("/assets/../application.properties").statusCode()).isIn(400, 401, 404);
        assertThat(get("/assets/nothing-here.js").statusCode()).isEqualTo(404);
        HttpResponse<String> post = server.send(HttpRequest.newBuilder(server.https("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isIn(401, 403, 405);
    }

    @Test
    void thePageHasNothingInlineAndKeepsTheTokenOutOfStorage() throws IOException {
        String html = resource("index.html");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("style=", "<style");
        assertThat(html).doesNotContain("http://", "https://");
        // (the SVG namespace is a name, not an address: nothing is fetched from it)
        String script = resource("assets/app.js").replace("'http://www.w3.org/2000/svg'", "");
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function",
                "localStorage", "sessionStorage", "document.cookie", "http://", "https://");
        String style = resource("assets/app.css");
        assertThat(style).doesNotContain("@import", "url(");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PageServingTest.class.getClassLoader().getResourceAsStream(PageFiles.ROOT + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
