package io.sluice.runtime.server;

import com.example.jobs.ServerTestJob;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against a runtime server in this JVM: a job jar is
 * uploaded and submitted through the page, watched running (its graph drawn, its counts moving,
 * screenshotted and checked not blank), savepointed and cancelled through the page; and on a
 * runtime with a bearer token, the page asks for it and keeps it for the session. The screenshot
 * is kept in {@code target/dashboard-browser-test/}, and on a failure what the browser showed.
 *
 * <p>Needs Chromium and its driver (Debian: {@code apt-get install chromium chromium-driver});
 * elsewhere, point {@code -Dsluice.test.chromium} and {@code -Dsluice.test.chromedriver} at them.
 * Selenium Manager is never asked to download anything.
 */
class DashboardBrowserTest {

    private static final String CHROMIUM = System.getProperty("sluice.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("sluice.test.chromedriver", "/usr/bin/chromedriver");
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "dashboard-browser-test");

    @TempDir
    Path dir;

    private RuntimeServer server;
    private WebDriver driver;
    private WebDriverWait wait;
    private String baseUrl;

    /** On a failure, before the browser is closed: what it showed, next to the test's output. */
    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            saveEvidence(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeEach
    void startBrowser() throws IOException {
        assertThat(Files.isExecutable(Path.of(CHROMIUM))).as("Chromium at %s for the dashboard test; install it with"
                + " 'apt-get install chromium chromium-driver' or set -Dsluice.test.chromium", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(Path.of(CHROMEDRIVER))).as("chromedriver at %s for the dashboard test; install it"
                + " with 'apt-get install chromium-driver' or set -Dsluice.test.chromedriver", CHROMEDRIVER).isTrue();
        Files.createDirectories(OUTPUT);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, DEADLINE, Duration.ofMillis(100));
    }

    private void startServer(RuntimeSettings.Builder settings) throws IOException, InterruptedException {
        server = RuntimeServer.start(settings.port(0).dataDirectory(dir.resolve("runtime")).workers(2).build());
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stopBrowserAndServer() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void shouldSubmitWatchAndCancelAJobThroughThePage() throws Exception {
        startServer(RuntimeSettings.builder());
        Path jar = TestJars.write(dir.resolve("server-test-job.jar"), ServerTestJob.class, true);
        driver.get(baseUrl + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-view"))); // shown by the script

        // upload: choosing the file uploads it, and the run form offers the manifest's class
        driver.findElement(By.id("jar-input")).sendKeys(jar.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-form")));
        wait.until(ExpectedConditions.attributeToBe(By.id("run-job-class"), "value", ServerTestJob.class.getName()));
        assertThat(driver.findElement(By.id("upload-status")).getText()).contains("server-test-job.jar");
        driver.findElement(By.id("run-parallelism")).sendKeys("2");
        driver.findElement(By.id("run-arguments")).sendKeys("3000");
        driver.findElement(By.id("submit-button")).click();

        // submitting opens the job's page
        wait.until(ExpectedConditions.urlMatches("#/jobs/[0-9a-f]+$"));
        String jobId = jobIdOf(driver.getCurrentUrl());

        // the jobs list shows it running, and a click on it opens it again
        driver.findElement(By.id("nav-jobs")).click();
        By row = By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']");
        By rowState = By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "'] .job-state");
        wait.until(ExpectedConditions.textToBe(rowState, "RUNNING"));
        driver.findElement(row).click();
        wait.until(ExpectedConditions.urlToBe(baseUrl + "/#/jobs/" + jobId));
        wait.until(ExpectedConditions.textToBe(By.id("job-state"), "RUNNING"));

        // the graph: a box per operator, its counts moving between polls
        wait.until(d -> d.findElements(By.cssSelector("#graph svg .op-box")).size() >= 4);
        long first = wait.until(d -> {
            long out = recordsOut(d);
            return out > 0 ? out : null;
        });
        long second = wait.until(d -> {
            long out = recordsOut(d);
            return out > first ? out : null;
        });
        assertThat(second).isGreaterThan(first);
        assertThat(driver.findElements(By.cssSelector("#graph svg .graph-edge"))).isNotEmpty();
        assertThat(driver.findElement(By.cssSelector("#graph svg .op-records-out")).getText()).startsWith("out ");
        // an operator's user metrics, in its tooltip ("double" is the third operator)
        By doubleTitle = By.cssSelector("#graph svg .op-box[data-operator-id='2'] title");
        wait.until(d -> d.findElement(doubleTitle).getAttribute("textContent").matches("double\\ndoubled: [1-9][0-9.kM]*"));

        assertGraphIsDrawn(screenshot("job-graph.png"));

        // a savepoint into a directory typed on the page, followed until it is written
        Path savepoints = dir.resolve("savepoints");
        driver.findElement(By.id("savepoint-button")).click();
        WebElement directory = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("savepoint-directory")));
        directory.clear();
        directory.sendKeys(savepoints.toString());
        driver.findElement(By.id("savepoint-confirm")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("savepoint-status"), "data-status", "COMPLETED"));
        String done = driver.findElement(By.id("savepoint-status")).getText();
        assertThat(done).startsWith("Savepoint completed: " + savepoints);
        assertThat(Path.of(done.substring("Savepoint completed: ".length()))).isDirectory();

        // cancel: confirm, and the list shows it cancelled
        driver.findElement(By.id("cancel-button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBe(By.id("job-state"), "CANCELED"));
        driver.findElement(By.id("nav-jobs")).click();
        wait.until(ExpectedConditions.textToBe(rowState, "CANCELED"));

        assertThat(scriptErrors()).as("JavaScript errors in the browser console").isEmpty();
    }

    @Test
    void shouldAskForTheTokenAndKeepItForTheSession() throws Exception {
        startServer(RuntimeSettings.builder().token("open-sesame"));
        driver.get(baseUrl + "/");

        // the API answers 401: the page asks for the token, and says why
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-form")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-text"), "bearer token"));

        driver.findElement(By.id("token-input")).sendKeys("wrong");
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-hint"), "rejected"));

        driver.findElement(By.id("token-input")).sendKeys("open-sesame");
        driver.findElement(By.id("token-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overview"), "2 workers"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("error-banner")));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();

        // kept for the session: a reload needs no second asking
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overview"), "2 workers"));
        assertThat(driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
        assertThat(scriptErrors()).as("JavaScript errors in the browser console").isEmpty();
    }

    /** The sum of the operators' records out, from the numbers the page shows (data-value holds them exactly). */
    private static long recordsOut(WebDriver d) {
        long sum = 0;
        for (WebElement e : d.findElements(By.cssSelector("#graph svg .op-records-out"))) {
            String value = e.getDomAttribute("data-value");
            if (value != null && value.matches("\\d+")) {
                sum += Long.parseLong(value);
            }
        }
        return sum;
    }

    /**
     * Fails if the graph area of the screenshot is blank: counts the pixels (inside its border)
     * that stand out from the white background: box outlines, text, arrows, busy fills.
     */
    private void assertGraphIsDrawn(BufferedImage image) {
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const r = document.getElementById('graph').getBoundingClientRect();"
                        + "return {x: r.left, y: r.top, w: r.width, h: r.height, scale: window.devicePixelRatio};");
        double scale = ((Number) box.get("scale")).doubleValue();
        int inset = 3; // leave out the container's border
        int x0 = Math.max(0, (int) Math.ceil(((Number) box.get("x")).doubleValue() * scale) + inset);
        int y0 = Math.max(0, (int) Math.ceil(((Number) box.get("y")).doubleValue() * scale) + inset);
        int x1 = Math.min(image.getWidth(), (int) ((((Number) box.get("x")).doubleValue() + ((Number) box.get("w")).doubleValue()) * scale) - inset);
        int y1 = Math.min(image.getHeight(), (int) ((((Number) box.get("y")).doubleValue() + ((Number) box.get("h")).doubleValue()) * scale) - inset);
        assertThat(x1 - x0).as("visible width of #graph in the screenshot").isGreaterThan(400);
        assertThat(y1 - y0).as("visible height of #graph in the screenshot").isGreaterThan(150);
        long drawn = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                int darkest = Math.min((rgb >> 16) & 0xff, Math.min((rgb >> 8) & 0xff, rgb & 0xff));
                if (darkest < 230) {
                    drawn++;
                }
            }
        }
        long area = (long) (x1 - x0) * (y1 - y0);
        assertThat(drawn).as("pixels drawn in the graph area (%d x %d) of %s", x1 - x0, y1 - y0,
                OUTPUT.resolve("job-graph.png")).isGreaterThan(Math.max(3_000, area / 50));
    }

    private BufferedImage screenshot(String name) throws IOException {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('graph').scrollIntoView({block: 'center'});");
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(OUTPUT.resolve(name), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("the screenshot decodes as PNG").isNotNull();
        return image;
    }

    private List<String> scriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            // a failed request is logged too; the page shows those itself
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("Failed to load resource")) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** A screenshot and the page's HTML next to the test's output, to see what the browser saw. */
    private void saveEvidence(String test) {
        try {
            Files.write(OUTPUT.resolve(test + "-failure.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            Files.writeString(OUTPUT.resolve(test + "-failure.html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            System.err.println("could not save the browser's state: " + e);
        }
    }

    private static String jobIdOf(String url) {
        Matcher m = Pattern.compile("#/jobs/([0-9a-f]+)$").matcher(url);
        assertThat(m.find()).as("job id in %s", url).isTrue();
        return m.group(1);
    }
}
