package io.certatlas.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.LoopbackTlsServer;
import io.certatlas.server.RunningServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page end to end in Debian's headless Chromium against a real server on loopback: log in,
 * check every overview number against the API, follow an expiry bar to the list and on to a
 * certificate, sort and page, see a filter's syntax error at its column, export the filter as
 * CSV, start a scan of a loopback TLS server and watch it finish, and check that a scoped user
 * sees nothing of another scope anywhere, overview counts included. Every page is saved as a
 * screenshot under target/browser/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningServer server;
    private static DashboardInventory inventory;
    private static LoopbackTlsServer target;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start();
        inventory = DashboardInventory.fill(server.database);
        target = LoopbackTlsServer.start("127.0.0.41");
        chromium = Chromium.open(server);
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (target != null) {
            target.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aManagerLogsInAndEveryOverviewNumberIsWhatTheApiLists() throws IOException {
        chromium.open("/");
        chromium.screenshot("01-login");
        chromium.login("admin", RunningServer.ADMIN_PASSWORD);
        chromium.waitFor(By.cssSelector("[data-count=certificates] .num"));
        chromium.screenshot("02-overview-manager");

        String token = server.adminToken();
        assertOverviewMatchesTheApi(token);
        assertThat(tile("gradedF")).isEqualTo(1);                // legacy.example.test:443
        assertThat(tile("sha1")).isEqualTo(1);
        assertThat(tile("weakKeys")).isEqualTo(1);
        // shop.example.test's old certificate on web1:8444 (renewed on :8445) among them; the test
        // PKI's other cases are all named localhost, so how many of those count depends on the
        // second each was made in
        WebElement stale = chromium.driver.findElement(By.cssSelector("[data-count=stale]"));
        assertThat(stale.findElement(By.cssSelector(".num")).getText())
                .isEqualTo(Integer.toString(stale.findElements(By.cssSelector("tbody tr")).size()));
        assertThat(stale.findElement(By.cssSelector("table")).getText())
                .contains("web1.example.test:8444", "shop.example.test", "in 12 days")
                .doesNotContain(":8445");
        assertThat(chromium.consoleErrors()).as("console errors and CSP violations").isEmpty();

        Object paint = chromium.script("""
                const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                const overview = performance.getEntriesByName('overview')[0];
                return [fcp ? fcp.startTime : -1, overview ? overview.duration : -1];""");
        List<?> times = (List<?>) paint;
        Files.writeString(Chromium.OUTPUT.resolve("first-paint.txt"), "first contentful paint of the page (ms): " + times.get(0)
                + "\noverview, from its request to its painted frame (ms): " + times.get(1) + "\n");
        assertThat(((Number) times.get(1)).doubleValue()).as("the overview was measured").isPositive();
    }

    @Test
    @Order(2)
    void anExpiryBarLeadsToItsCertificatesAndOnToOneCertificate() {
        chromium.go("#/overview");
        WebElement bar = chromium.waitFor(By.cssSelector("svg.timeline a.week[data-week='1']"));
        int count = Integer.parseInt(bar.getAttribute("data-count"));
        // the week from day 7 to 14 holds shop.example.test's old certificate, which expires in 12 days
        assertThat(count).isGreaterThanOrEqualTo(1);
        chromium.navigate(bar::click);
        List<WebElement> rows = waitForRows();
        assertThat(rows).hasSize(count);
        WebElement shop = rows.stream().filter(r -> r.getText().contains("shop.example.test")).findFirst().orElseThrow();
        assertThat(shop.findElement(By.cssSelector("[data-col=validTo]")).getText()).startsWith("in 12 days");
        chromium.screenshot("03-certificates-week");

        chromium.navigate(shop.findElement(By.cssSelector("a.cert-link"))::click);
        assertThat(chromium.waitFor(By.id("certhash")).getText()).isEqualTo(inventory.renewalOld.certhash());
        List<WebElement> links = chromium.driver.findElements(By.cssSelector("#chain li.link"));
        assertThat(links).hasSize(3);               // leaf, intermediate, root
        assertThat(links.get(0).getText()).contains("shop.example.test", "valid");
        assertThat(links.get(2).getText()).contains("Root");
        assertThat(chromium.driver.findElement(By.id("served")).getText()).contains("tcp/8444", "A");
        assertThat(chromium.driver.findElement(By.id("fields")).getText())
                .contains("Serial number", "Subject alternative names", "DNS Name: shop.example.test", "Key usage");
        chromium.screenshot("04-certificate");

        chromium.navigate(chromium.driver.findElement(By.cssSelector("#served a.endpoint-link"))::click);
        chromium.waitFor(By.id("history"));
        assertThat(chromium.driver.findElement(By.cssSelector("#view h1")).getText()).isEqualTo("web1.example.test:8444");
        assertThat(chromium.driver.findElement(By.id("history")).getText()).contains("shop.example.test", "leaf", "served");
        chromium.screenshot("05-endpoint");
    }

    @Test
    @Order(3)
    void columnsSortAndPagesTurn() {
        chromium.go("#/certificates?filter=" + enc("type:Leaf") + "&sort=validTo:asc");
        List<WebElement> rows = waitForRows();
        assertThat(rows).hasSize(50);
        List<String> ascending = certhashes(rows);
        assertThat(ascending).isEqualTo(apiHashes(server.adminToken(), "type:Leaf", "validTo", "asc", 0, 50));

        chromium.navigate(chromium.driver.findElement(By.cssSelector("a.sort[data-sort=validTo]"))::click);
        chromium.waitUntil(d -> "descending".equals(d.findElement(By.cssSelector("th[aria-sort] a.sort[data-sort=validTo]"))
                .findElement(By.xpath("..")).getAttribute("aria-sort")));
        List<String> descending = certhashes(waitForRows());
        assertThat(descending).isEqualTo(apiHashes(server.adminToken(), "type:Leaf", "validTo", "desc", 0, 50));
        assertThat(descending).isNotEqualTo(ascending);

        chromium.navigate(chromium.driver.findElement(By.id("next-page"))::click);
        chromium.waitUntil(d -> d.findElement(By.id("page-info")).getText().startsWith("Rows 51"));
        assertThat(certhashes(waitForRows())).isEqualTo(apiHashes(server.adminToken(), "type:Leaf", "validTo", "desc", 1, 50));
        chromium.screenshot("06-certificates-page-2");
    }

    @Test
    @Order(4)
    void aFilterWithASyntaxErrorShowsTheMessageAtItsColumn() {
        chromium.go("#/certificates");
        WebElement input = chromium.waitFor(By.id("qql"));
        String filter = "type:Leaf and keySize>";
        input.clear();
        input.sendKeys(filter);
        chromium.navigate(chromium.driver.findElement(By.id("qql-run"))::click);
        WebElement message = chromium.waitFor(By.id("qql-message"));

        JsonNode error = JSON.readTree(server.post("/certview/v1/certificates", server.adminToken(),
                JSON.writeValueAsString(Map.of("filter", filter))).body());
        int column = error.get("column").asInt();
        assertThat(column).isGreaterThan(0);
        assertThat(message.getText()).isEqualTo(error.get("message").asString()).contains("column " + column);
        String[] caret = chromium.driver.findElement(By.id("qql-caret")).getText().split("\n");
        assertThat(caret[0]).isEqualTo(filter);
        assertThat(caret[1].indexOf('^')).isEqualTo(column - 1);
        assertThat(chromium.driver.findElements(By.cssSelector("#certificates tbody tr"))).isEmpty();
        assertThat(chromium.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("qql");
        chromium.screenshot("07-filter-error");
    }

    @Test
    @Order(5)
    void exportSavesEveryCertificateOfTheFilterAsCsv() throws IOException {
        String filter = "type:Leaf";
        chromium.go("#/certificates?filter=" + enc(filter) + "&sort=validTo:asc");
        waitForRows();
        chromium.driver.findElement(By.id("export")).click();
        Path csv = chromium.downloads.resolve("certificates.csv");
        new WebDriverWait(chromium.driver, Duration.ofSeconds(30)).until(d -> Files.exists(csv) && sizeOf(csv) > 0);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("certhash,subject,issuer,validFrom,validTo");
        List<String> exported = lines.stream().skip(1).map(l -> l.substring(0, 64)).toList();
        List<String> listed = apiHashes(server.adminToken(), filter, "validTo", "asc", 0, 200);
        assertThat(listed.size()).isGreaterThan(50).isLessThan(200);
        assertThat(exported).isEqualTo(listed);
        assertThat(chromium.waitFor(By.id("export-status")).getText()).isEqualTo("Exported " + listed.size() + " certificate(s).");
    }

    @Test
    @Order(6)
    void aScopedUserSeesNothingOfAnotherScopeAnywhere() {
        chromium.login("prod", DashboardInventory.PROD_PASSWORD);
        chromium.waitFor(By.cssSelector("[data-count=certificates] .num"));
        chromium.screenshot("08-overview-scoped");
        String prod = server.token("prod", DashboardInventory.PROD_PASSWORD);
        assertOverviewMatchesTheApi(prod);

        // What only Staging's assets serve is in no count, bar or list of the Production user.
        assertThat(tile("sha1")).isZero();
        assertThat(tile("weakKeys")).isZero();
        assertThat(tile("gradedF")).isZero();
        assertThat(tile("gradedT")).isZero();
        assertThat(tile("certificates")).isLessThan(countOf(server.adminToken(), ""));
        assertThat(chromium.driver.findElement(By.cssSelector("[data-count=stale] .num")).getText()).isEqualTo("1");
        assertThat(chromium.driver.findElement(By.cssSelector("[data-count=stale] table")).getText())
                .contains("web1.example.test:8444").doesNotContain("old.example.test");
        assertThat(chromium.driver.findElements(By.cssSelector("[data-kind=key][data-name='RSA 1024']"))).isEmpty();
        assertThat(chromium.driver.findElements(By.cssSelector("[data-kind=grade][data-name='F']"))).isEmpty();
        Set<String> forbidden = Set.of(inventory.sample.rdp.certhash(), inventory.weakKey.certhash(), inventory.sha1.certhash(),
                inventory.sample.expired.certhash());
        String overviewText = chromium.driver.getPageSource();
        forbidden.forEach(hash -> assertThat(overviewText).doesNotContain(hash));
        assertThat(overviewText).doesNotContain("legacy.example.test", "WIN-890BLRMESC6", "bulk-00");
        assertThat(chromium.driver.findElement(By.cssSelector("a[data-nav=scans]")).isDisplayed()).isFalse();

        chromium.go("#/certificates?filter=&sort=validTo:asc");
        List<String> listed = certhashes(waitForRows());
        assertThat(listed).contains(inventory.sample.webLeaf.certhash(), inventory.renewalOld.certhash())
                .doesNotContainAnyElementsOf(forbidden);
        for (String hash : forbidden) {
            chromium.go("#/certificate/" + hash);
            assertThat(chromium.waitFor(By.id("not-found")).getText()).contains("No certificate with this hash is visible to you");
        }
        chromium.screenshot("09-certificate-not-visible");

        long rdpEndpoint = server.database.dsl().resultQuery("select hi.id from host_instance hi join asset a on a.id = hi.asset_id"
                + " where a.primary_ip = '127.0.0.13'::inet").fetchOne(0, Long.class);
        chromium.go("#/endpoint/" + rdpEndpoint);
        assertThat(chromium.waitFor(By.id("not-found")).getText()).contains("no endpoint " + rdpEndpoint + " is visible to you");
        assertThat(chromium.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    @Order(7)
    void aManagerStartsAScanOfALoopbackServerAndWatchesItFinish() {
        chromium.login("admin", RunningServer.ADMIN_PASSWORD);
        chromium.go("#/scans");
        chromium.waitFor(By.id("scan-targets")).sendKeys("127.0.0.41");
        WebElement ports = chromium.driver.findElement(By.id("scan-ports"));
        ports.clear();
        ports.sendKeys(Integer.toString(target.port()));
        chromium.driver.findElement(By.id("scan-start")).click();
        chromium.waitFor(By.id("scan-progress"));
        chromium.screenshot("10-scan-running");
        new WebDriverWait(chromium.driver, Duration.ofSeconds(90)).until(d ->
                List.of("FINISHED", "FAILED").contains(d.findElement(By.id("scan-status")).getAttribute("data-status")));
        assertThat(chromium.driver.findElement(By.id("scan-status")).getAttribute("data-status")).isEqualTo("FINISHED");
        assertThat(chromium.driver.findElement(By.id("scan-line")).getText()).contains("1 TLS endpoint(s) found");
        chromium.waitUntil(d -> d.findElement(By.id("recent")).getText().contains("127.0.0.41"));
        assertThat(chromium.driver.findElement(By.id("recent")).getText()).contains("FINISHED", "admin");
        chromium.screenshot("11-scan-finished");

        chromium.navigate(chromium.driver.findElement(By.id("scan-results"))::click);
        List<WebElement> rows = waitForRows();
        assertThat(certhashes(rows)).contains(inventory.sample.webLeaf.certhash());
        chromium.go("#/certificate/" + inventory.sample.webLeaf.certhash());
        WebElement scanned = chromium.waitUntil(d -> d.findElements(By.cssSelector("#served a.endpoint-link")).stream()
                .filter(a -> a.getText().contains("tcp/" + target.port())).findFirst().orElse(null));
        chromium.navigate(scanned::click);
        chromium.waitFor(By.id("history"));
        String page = chromium.driver.findElement(By.id("view")).getText();
        assertThat(page).contains("TLSv1.3: offered", "TLSv1: not offered", "with trust ignored", "Protocol support");
        assertThat(chromium.driver.findElement(By.cssSelector(".big-grade .grade")).getText()).isEqualTo("T");
        chromium.screenshot("12-endpoint-scanned");
    }

    @Test
    @Order(8)
    void managersPagesAndSmallAndDarkScreensRender() {
        chromium.go("#/admin");
        assertThat(chromium.waitFor(By.id("users")).getText()).contains("prod", "Production", "staging");
        assertThat(chromium.driver.findElement(By.id("tags")).getText()).contains("Production", "Staging");
        chromium.driver.findElement(By.id("new-username")).sendKeys("carol");
        chromium.driver.findElement(By.id("new-password")).sendKeys("carol's long password");
        chromium.driver.findElement(By.id("new-scope")).sendKeys("Staging");
        chromium.navigate(chromium.driver.findElement(By.cssSelector("#new-scope ~ button"))::click);
        assertThat(chromium.waitFor(By.id("admin-message")).getText()).isEqualTo("User created.");
        assertThat(chromium.driver.findElement(By.id("users")).getText()).contains("carol");
        assertThat(JSON.readTree(server.get("/api/v1/users/carol", server.adminToken()).body()).get("scope").toString())
                .isEqualTo("[\"Staging\"]");
        chromium.screenshot("13-admin");

        chromium.colorScheme("dark");
        chromium.go("#/overview");
        chromium.waitFor(By.cssSelector("[data-count=certificates] .num"));
        String background = (String) chromium.script("return getComputedStyle(document.body).backgroundColor");
        assertThat(background).isEqualTo("rgb(17, 20, 24)");
        chromium.screenshot("14-overview-dark");
        chromium.colorScheme("light");

        chromium.width(390);
        chromium.go("#/certificates?filter=&sort=validTo:asc");
        waitForRows();
        Number overflow = (Number) chromium.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("the page itself never scrolls sideways on a phone").isLessThanOrEqualTo(0);
        chromium.screenshot("15-certificates-phone");
        chromium.go("#/overview");
        chromium.waitFor(By.cssSelector("[data-count=certificates] .num"));
        chromium.screenshot("16-overview-phone");
        chromium.width(1280);
        assertThat(chromium.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    /**
     * A certificate on more assets than one API page: the page says how many it shows and reads the
     * next page on request; its CN's right-to-left override is shown as an escape, not obeyed.
     */
    @Test
    @Order(9)
    void aCertificateOnManyAssetsPagesThemAndItsNameIsNotReordered() {
        chromium.go("#/certificate/" + inventory.wide.certhash());
        assertThat(chromium.waitFor(By.cssSelector("#view h1")).getText()).isEqualTo("safe\\u202eexe.txt.wide.example.test");
        chromium.waitFor(By.id("served"));
        assertThat(chromium.driver.findElements(By.cssSelector("#served tbody tr"))).hasSize(200);
        assertThat(chromium.driver.findElement(By.id("served-shown")).getText())
                .isEqualTo("Showing the first 200 of " + DashboardInventory.WIDE_ASSETS + " asset(s).");
        chromium.driver.findElement(By.id("served-more")).click();
        chromium.waitUntil(d -> d.findElements(By.cssSelector("#served tbody tr")).size() == DashboardInventory.WIDE_ASSETS);
        assertThat(chromium.driver.findElement(By.id("served-more")).isDisplayed()).isFalse();
        assertThat(chromium.driver.findElement(By.id("served")).getText()).contains("w202.wide.example.test");
        chromium.screenshot("17-certificate-many-assets");
        assertThat(chromium.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    // ---------------------------------------------------------------- checks against the API

    /** Every tile's number against what its link's filter lists through the v1 API for the same user. */
    private static void assertOverviewMatchesTheApi(String token) {
        List<JsonNode> all = list(token, "");
        for (WebElement tile : chromium.driver.findElements(By.cssSelector("li.tile"))) {
            String key = tile.getAttribute("data-count");
            long shown = tile(key);
            String filter = tile.getAttribute("data-filter");
            switch (key) {
                case "assets" -> assertThat(shown).as(key).isEqualTo(distinct(all, "assets"));
                case "endpoints" -> assertThat(shown).as(key).isEqualTo(distinct(all, "instances"));
                case "gradedF", "gradedT" -> assertThat(shown).as(key)
                        .isEqualTo(gradedInstances(list(token, filter), key.substring(key.length() - 1)));
                default -> assertThat(shown).as(key + " (" + filter + ")").isEqualTo(list(token, filter).size());
            }
        }
        for (WebElement bar : chromium.driver.findElements(By.cssSelector("svg.timeline a.week"))) {
            assertThat(Long.parseLong(bar.getAttribute("data-count"))).as(bar.getAttribute("data-filter"))
                    .isEqualTo(list(token, bar.getAttribute("data-filter")).size());
        }
        for (WebElement row : chromium.driver.findElements(By.cssSelector("[data-kind=issuer], [data-kind=key]"))) {
            assertThat(Long.parseLong(row.getAttribute("data-count"))).as(row.getAttribute("data-filter"))
                    .isEqualTo(list(token, row.getAttribute("data-filter")).size());
        }
        for (WebElement row : chromium.driver.findElements(By.cssSelector("[data-kind=grade]"))) {
            String grade = row.getAttribute("data-name");
            assertThat(Long.parseLong(row.getAttribute("data-count"))).as("grade " + grade)
                    .isEqualTo(gradedInstances(list(token, row.getAttribute("data-filter")), grade));
        }
    }

    private static long tile(String key) {
        String text = chromium.driver.findElement(By.cssSelector("[data-count=" + key + "] .num")).getText();
        return Long.parseLong(text.replace(",", ""));
    }

    private static long countOf(String token, String filter) {
        return list(token, filter).size();
    }

    /** Every certificate the filter lists for this token, through all pages. */
    private static List<JsonNode> list(String token, String filter) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; page < 50; page++) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("filter", filter);
            body.put("pageNumber", page);
            body.put("pageSize", 200);
            HttpResponse<String> response = server.post("/certview/v1/certificates", token, body.toString());
            assertThat(response.statusCode()).as(filter + ": " + response.body()).isEqualTo(200);
            JsonNode rows = JSON.readTree(response.body());
            rows.forEach(all::add);
            if (rows.size() < 200) {
                break;
            }
        }
        return all;
    }

    private static long distinct(List<JsonNode> certificates, String what) {
        Set<String> ids = new HashSet<>();
        for (JsonNode certificate : certificates) {
            for (JsonNode asset : certificate.path("assets")) {
                if (what.equals("assets")) {
                    ids.add(asset.get("uuid").asString());
                } else {
                    asset.path("hostInstances").forEach(i -> ids.add(i.get("id").asString()));
                }
            }
        }
        return ids.size();
    }

    private static long gradedInstances(List<JsonNode> certificates, String grade) {
        Set<String> ids = new HashSet<>();
        for (JsonNode certificate : certificates) {
            for (JsonNode asset : certificate.path("assets")) {
                asset.path("hostInstances").forEach(i -> {
                    if (grade.equals(i.path("grade").asString())) {
                        ids.add(i.get("id").asString());
                    }
                });
            }
        }
        return ids.size();
    }

    private static List<String> apiHashes(String token, String filter, String sort, String direction, int page, int size) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("filter", filter);
        body.put("pageNumber", page);
        body.put("pageSize", size);
        body.putArray("sort").addObject().put(sort, direction);
        JsonNode rows = JSON.readTree(server.post("/certview/v1/certificates", token, body.toString()).body());
        List<String> hashes = new ArrayList<>();
        rows.forEach(r -> hashes.add(r.get("certhash").asString()));
        return hashes;
    }

    private static List<WebElement> waitForRows() {
        chromium.waitFor(By.id("certificates"));
        return chromium.driver.findElements(By.cssSelector("#certificates tbody tr"));
    }

    private static List<String> certhashes(List<WebElement> rows) {
        return rows.stream().map(r -> r.getAttribute("data-certhash")).toList();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
