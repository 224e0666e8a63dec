package io.certatlas.server.web;

import io.certatlas.server.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (never a downloaded one:
 * both paths are given, so Selenium Manager has nothing to fetch). It trusts exactly the test
 * server's own key (by its SPKI hash) and saves downloads and screenshots under target/.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path OUTPUT = Path.of("target", "browser");

    final ChromeDriver driver;
    final Path downloads;
    private final RunningServer server;

    private Chromium(ChromeDriver driver, Path downloads, RunningServer server) {
        this.driver = driver;
        this.downloads = downloads;
        this.server = server;
    }

    static Chromium open(RunningServer server) {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + BROWSER + ", " + DRIVER + "); ./run-tests installs them (apt-get install -y chromium chromium-driver)");
        }
        try {
            Files.createDirectories(OUTPUT);
            Path downloads = Files.createTempDirectory("certatlas-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,900", "--disable-extensions", "--no-first-run", "--lang=en-US",
                    "--ignore-certificate-errors-spki-list=" + spkiHash(server));
            Map<String, Object> prefs = new HashMap<>();
            prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
            prefs.put("download.prompt_for_download", false);
            options.setExperimentalOption("prefs", prefs);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(driver, downloads, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of the server's certificate, as Chromium's flag wants it. */
    private static String spkiHash(RunningServer server) {
        try (InputStream in = Files.newInputStream(server.server.identity().keystore())) {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(in, server.server.identity().keystorePassword().toCharArray());
            Certificate leaf = own.getCertificateChain(own.aliases().nextElement())[0];
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(leaf.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test server's key", e);
        }
    }

    void open(String path) {
        driver.get(server.https(path).toString());
    }

    void login(String username, String password) {
        open("/");
        WebElement user = waitFor(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
        waitFor(By.id("who"));
        waitUntil(d -> !d.findElement(By.id("who")).getText().isEmpty());
        waitUntil(d -> script("return document.body.dataset.view") != null);
    }

    /** Goes to a view of the page by its hash, and waits until it is on screen. */
    void go(String hash) {
        if (hash.equals(script("return location.hash"))) {
            navigate(() -> script("location.hash = '#/again'"));
        }
        navigate(() -> script("location.hash = arguments[0]", hash));
    }

    /** Does what navigates (a click, a hash), and waits until the next view is on screen. */
    void navigate(Runnable action) {
        Object before = script("return document.body.dataset.view");
        action.run();
        waitUntil(d -> {
            Object now = script("return document.body.dataset.view");
            return now != null && !now.equals(before);
        });
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves the whole page as target/browser/{name}.png. */
    void screenshot(String name) {
        try {
            Number height = (Number) script("return Math.max(document.body.scrollHeight, 400)");
            Dimension size = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(size.width, Math.min(4000, height.intValue() + 140)));
            Files.write(OUTPUT.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void width(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
    }

    /** Light or dark, as the system setting the page follows. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** What the page wrote to the console (errors, CSP violations) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
