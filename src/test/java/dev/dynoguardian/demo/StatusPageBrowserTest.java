package dev.dynoguardian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.GuardianRunner;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The status page in a real headless browser (Debian's chromium and chromium-driver, which {@code .ci/run} installs):
 * it loads, shows the simulated dynos and the guardian's decisions as they happen, and its pause button pauses the
 * guardian for the app; opened with credentials in its address, it says to open it without them. All of it under the
 * guardian's Content-Security-Policy, which the browser enforces: the page needs nothing it forbids, and an inline
 * script does not run.
 */
class StatusPageBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Test
    void theStatusPageShowsTheDynosAndItsPauseButtonPauses() throws Exception {
        assertThat(new File(CHROMIUM)).as("Chromium is needed for the browser test: apt-get install chromium "
                + "chromium-driver (bash .ci/run does it)").exists();
        assertThat(new File(CHROMEDRIVER)).as("ChromeDriver is needed: apt-get install chromium-driver").exists();
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.roll-after", "0s");
        // a minute between restarts of a type, so that the roll is seen under way with dynos still waiting
        settings.put("guardian.policy.min-settle", "60s");
        try (ConfigurableApplicationContext guardian = GuardianRunner.startDemo(settings)) {
            int port = GuardianRunner.port(guardian);
            ChromeDriver browser = browser();
            try {
                browser.executeCdpCommand("Network.enable", Map.of());
                browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8)))));
                browser.get("http://localhost:" + port + "/");

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.findElements(
                        By.cssSelector("section[data-app='demo-shop'] tr[data-dyno]"))).hasSizeGreaterThanOrEqualTo(8));
                assertThat(browser.findElement(By.cssSelector("tr[data-dyno='web.1']")).getText()).contains("web.1");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.findElement(
                        By.cssSelector("tr[data-dyno='web.1'] td:nth-child(2)")).getText()).isIn("running", "up"));
                assertThat(browser.findElements(By.cssSelector("tr[data-dyno='web.1'] .bar"))).isNotEmpty();
                assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                        .noneMatch(message -> message.contains("Content Security Policy"));
                assertThat(browser.executeScript("const s = document.createElement('script');"
                        + " s.textContent = 'window.inlineRan = true'; document.head.appendChild(s);"
                        + " return window.inlineRan === true;")).as("an inline script runs").isEqualTo(false);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(browser.findElement(
                        By.id("decisions")).getText()).contains("restarted"));
                screenshot(browser);

                WebElement roll = browser.findElement(By.cssSelector("section[data-app='demo-shop'] button.roll-button"));
                assertThat(roll.getText()).isEqualTo("Rolling restart");
                roll.click();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(browser.findElement(By.cssSelector("section[data-app='demo-shop'] .roll-summary"))
                            .getText()).contains("Rolling restart #1 (started from the status page, by admin)");
                    assertThat(browser.findElement(By.cssSelector("section[data-app='demo-shop'] .roll-dynos"))
                            .getText()).contains(" waiting");
                    assertThat(roll.getText()).isEqualTo("Stop rolling restart");
                });
                roll.click();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browser.findElement(
                        By.cssSelector("section[data-app='demo-shop'] .roll-summary")).getText())
                        .contains("Last rolling restart stopped: stopped by admin"));

                WebElement pause = browser.findElement(By.cssSelector("section[data-app='demo-shop'] button.pause"));
                assertThat(pause.getText()).isEqualTo("Pause demo-shop");
                pause.click();

                AdminClient admin = new AdminClient(port, "admin", "demo");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin
                        .getJson("/admin/apps/demo-shop/status").path("paused").asBoolean()).isTrue());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    WebElement banner = browser.findElement(By.cssSelector("section[data-app='demo-shop'] .app-banner"));
                    assertThat(banner.isDisplayed()).isTrue();
                    assertThat(banner.getText()).contains("Paused");
                });

                browser.findElement(By.id("pause-all")).click();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(browser.findElement(By.cssSelector("section[data-app='demo-shop'] .app-banner"))
                            .getText()).contains("Paused with the whole guardian");
                    assertThat(pause.isDisplayed()).as("no per-app button under the guardian's pause").isFalse();
                    assertThat(browser.findElement(By.id("pause-all")).getText()).isEqualTo("Resume guardian");
                });
                browser.findElement(By.id("pause-all")).click();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(pause.isDisplayed()).isTrue();
                    assertThat(pause.getText()).isEqualTo("Resume demo-shop");
                });
                assertThat(admin.getJson("/admin/status").path("paused").asBoolean()).isFalse();

                browser.get("http://admin:demo@localhost:" + port + "/");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(browser.findElement(By.id("credentials-banner")).isDisplayed()).isTrue();
                    assertThat(browser.findElement(By.id("updated")).getText())
                            .isEqualTo("open the page without credentials in its address");
                });
            } finally {
                browser.quit();
            }
        }
    }

    static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Keeps what the page looked like, for the README: {@code target/status-page.png}. */
    private static void screenshot(ChromeDriver browser) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
