package dev.dynoguardian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.GuardianRunner;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The status page's history charts in headless Chromium, on the playground (dynos boot for 60 simulated seconds, so a
 * restarted one waits visibly for its first sample): a memory and a latency chart per app with a line per dyno, the
 * memory restart of the leaking dyno and the latency restart of the slow one marked on their own lines, the restarted
 * dyno shown as waiting for its first sample, hovering and clicking a decision, all under the CSP; and the page opened
 * with credentials in its address says to open it without them.
 */
class StatusPageChartsBrowserTest {

    private static final String APP = "section[data-app='demo-shop'] ";

    @Test
    void theChartsShowEveryDynoAndTheRestartsOnTheRightLines() throws Exception {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.boot-time", "60s");
        settings.put("guardian.history.sample-interval", "2s");
        try (ConfigurableApplicationContext guardian = GuardianRunner.startDemo(settings)) {
            int port = GuardianRunner.port(guardian);
            ChromeDriver browser = StatusPageBrowserTest.browser();
            try {
                browser.executeCdpCommand("Network.enable", Map.of());
                browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8)))));
                browser.get("http://localhost:" + port + "/");

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    List<String> rows = attributes(browser, APP + "tr[data-dyno]", "data-dyno");
                    assertThat(rows).hasSizeGreaterThanOrEqualTo(8);
                    for (String chart : List.of("memory", "latency")) {
                        assertThat(attributes(browser, APP + "figure[data-chart='" + chart + "'] .line", "data-dyno"))
                                .as(chart).containsAll(chart.equals("memory") ? rows : webDynos(rows));
                    }
                });
                await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
                    List<WebElement> marks = browser.findElements(By.cssSelector(APP
                            + "figure[data-chart='memory'] .mark.outcome-restarted"));
                    assertThat(marks).extracting(m -> m.getDomAttribute("data-dyno")).contains("web.2", "web.4");
                    assertThat(marks).extracting(m -> m.findElement(By.tagName("title")).getDomProperty("textContent"))
                            .anySatisfy(t -> assertThat(t).startsWith("web.2 restarted by memory"))
                            .anySatisfy(t -> assertThat(t).startsWith("web.4 restarted by latency"));
                });
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(browser.findElement(
                        By.cssSelector(APP + ".dynos")).getText()).contains("restarted, waiting for the first sample"));
                assertThat(browser.findElement(By.cssSelector(APP + ".legend")).getText())
                        .contains("restarted, waiting for the first sample");
                shot(browser, browser.findElement(By.cssSelector(APP + ".history")), "status-charts.png");

                WebElement mark = browser.findElement(By.cssSelector(APP
                        + "figure[data-chart='memory'] .mark.outcome-restarted[data-dyno='web.2']"));
                new Actions(browser).moveToElement(mark).perform();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(browser.findElement(
                        By.cssSelector(APP + "figure[data-chart='memory'] .tip")).getText()).contains(" MB"));

                String ledgerId = mark.getDomAttribute("data-ledger-id");
                browser.findElement(By.cssSelector("#decisions tr[data-ledger-id='" + ledgerId + "']")).click();
                assertThat(browser.findElements(By.cssSelector(".mark.highlight[data-ledger-id='" + ledgerId + "']")))
                        .hasSize(2);
                assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                        .noneMatch(message -> message.contains("Content Security Policy"));

                browser.get("http://admin:demo@localhost:" + port + "/");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    WebElement banner = browser.findElement(By.id("credentials-banner"));
                    assertThat(banner.isDisplayed()).isTrue();
                    assertThat(banner.getText()).contains("without them");
                });
            } finally {
                browser.quit();
            }
        }
    }

    private static List<String> attributes(ChromeDriver browser, String css, String attribute) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).distinct()
                .toList();
    }

    /** Only web dynos serve requests, so only they have latency lines. */
    private static List<String> webDynos(List<String> dynos) {
        return dynos.stream().filter(d -> d.startsWith("web.")).toList();
    }

    /** Keeps the element's picture for the README: {@code target/<name>}. */
    private static void shot(ChromeDriver browser, WebElement element, String name) throws Exception {
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
        File shot = element.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
