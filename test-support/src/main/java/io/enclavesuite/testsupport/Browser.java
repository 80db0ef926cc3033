package io.enclavesuite.testsupport;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} driven through its {@code chromedriver}, both
 * from the machine (installed by {@code bin/ensure-chromium} when missing) — never a browser downloaded at run time.
 * The flags keep it off the network it has no business with (this machine's network is closed, and Chromium would
 * otherwise try Google's hosts at every start). Screenshots go to {@code target/screenshots/}, kept as build artifacts.
 */
public final class Browser implements AutoCloseable {

    private static volatile boolean checked;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser with an empty profile (no cookies, no cache), the given window size. */
    public static Browser start(int width, int height) {
        return start(width, height, false);
    }

    /**
     * A phone's screen, 390 × 844 CSS pixels, through Chromium's device emulation: a headless window is never narrower
     * than 500 pixels, so a window size alone would not test a phone's width.
     */
    public static Browser startPhone() {
        return start(390, 844, true);
    }

    private static Browser start(int width, int height, boolean phone) {
        ensureInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("ENCLAVE_CHROMIUM", "/usr/bin/chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (phone) {
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", width, "height", height, "pixelRatio", 3.0, "touch", true)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("ENCLAVE_CHROMEDRIVER", "/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile);
    }

    /** A desktop-sized browser. */
    public static Browser start() {
        return start(1280, 900);
    }

    /**
     * Clicks what navigates — a link, a form's button — and returns once the next page has loaded: a click returns
     * before the browser has left the page when the machine is busy, and reading right after would read the old one.
     */
    public static void clickAndLoad(WebDriver page, org.openqa.selenium.WebElement element) {
        org.openqa.selenium.WebElement before = page.findElement(org.openqa.selenium.By.tagName("html"));
        element.click();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> left(before) && "complete".equals(((org.openqa.selenium.JavascriptExecutor) page)
                        .executeScript("return document.readyState")));
    }

    private static boolean left(org.openqa.selenium.WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves the page as it looks now to {@code target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String name) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Path folder = Path.of("target", "screenshots");
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static Path executable(String variable, String standard) {
        String configured = System.getenv(variable);
        return Path.of(configured != null && !configured.isBlank() ? configured : standard);
    }

    /** Runs {@code bin/ensure-chromium} (from the repository root) once per JVM when a browser is missing. */
    private static synchronized void ensureInstalled() {
        if (checked) {
            return;
        }
        if (!Files.isExecutable(executable("ENCLAVE_CHROMIUM", "/usr/bin/chromium"))
                || !Files.isExecutable(executable("ENCLAVE_CHROMEDRIVER", "/usr/bin/chromedriver"))) {
            Path script = repositoryRoot().resolve("bin").resolve("ensure-chromium");
            try {
                Process process = new ProcessBuilder(script.toString()).inheritIO().start();
                if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("Chromium and ChromeDriver are missing and " + script
                            + " could not install them: sudo apt-get install chromium chromium-driver");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + script, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing Chromium", e);
            }
        }
        checked = true;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
