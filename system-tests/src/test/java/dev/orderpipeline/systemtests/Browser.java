package dev.orderpipeline.systemtests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium through Debian's chromedriver; nothing is downloaded
 * (Selenium Manager is not used: both paths are given). Screenshots go to
 * {@code system-tests/target/screenshots/NN-step.png}. Every Content-Security-Policy violation the
 * browser reports lands in its console log ({@link #cspViolations()}): Chromium's own message, and a
 * line of a {@code securitypolicyviolation} listener that each page gets before its own scripts run.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final AtomicInteger SHOT = new AtomicInteger();
    private static final String VIOLATION = "Content Security Policy violation";
    private static final String VIOLATION_LISTENER = "document.addEventListener('securitypolicyviolation', e => "
            + "console.error('" + VIOLATION + ": ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') "
            + "+ ' in ' + e.documentURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));";

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private final String baseUrl;

    /** Fails when CI=true and Chromium is missing; otherwise skips the test with the reason. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "The browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver (.ci/run does it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + "; skipped because CI is not true");
    }

    Browser(String baseUrl, Path screenshots) throws IOException {
        this.baseUrl = baseUrl;
        this.screenshots = Files.createDirectories(screenshots);
        try (Stream<Path> old = Files.list(screenshots)) { // numbering restarts: drop an earlier run's
            for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        }
        this.profile = Files.createTempDirectory("chromium-profile-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile, "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(screenshots.resolveSibling("chromedriver.log").toFile())
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_LISTENER));
    }

    /** The CSP violations the browser reported since the last call (reading its console log empties it). */
    List<String> cspViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains(VIOLATION) || message.contains("Content Security Policy")
                        || message.contains("Refused to frame"))
                .toList();
    }

    void open(String hashRoute) {
        driver.get(baseUrl + "/" + hashRoute);
    }

    void go(String hashRoute) {
        script("location.hash = arguments[0]", hashRoute);
    }

    WebDriverWait waiting() {
        return waiting(Duration.ofSeconds(30));
    }

    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    WebElement visible(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitText(String css, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void size(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** Saves the viewport as NN-step.png and returns its path. */
    Path screenshot(String step) {
        script("document.activeElement && document.activeElement.blur && document.activeElement.matches('h1') "
                + "&& document.activeElement.blur()");
        Path target = screenshots.resolve("%02d-%s.png".formatted(SHOT.incrementAndGet(), step));
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.out.println("browser: screenshot " + target);
        return target;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a temp folder left behind
            }
        }
    }
}
