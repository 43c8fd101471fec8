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
 * The status page's history charts in headless Chromium, on the playground (dynos boot for 20 simulated seconds, so a
 * restarted one waits visibly for its first sample): a memory and a latency chart per app with a line per dyno, every
 * restart in the ledger (the leaking dyno's memory restart and the slow dyno's latency one among them) marked on its
 * own dyno's line on both charts, the restarted dyno shown as waiting for its first sample, hovering and clicking a
 * decision, all under the CSP.
 */
class StatusPageChartsBrowserTest {

    private static final String APP = "section[data-app='demo-shop'] ";

    /**
     * Where web.2's highest memory sample (the leak's peak, above every other dyno's line) is drawn, as an offset from
     * the chart's centre (what Selenium's pointer moves take): the point a user would hover to read its value and time.
     */
    private static final String SAMPLE_OFFSET = "const f = document.querySelector(arguments[0]);"
            + " const svg = f.querySelector('svg'); const box = svg.getBoundingClientRect();"
            + " const vb = svg.viewBox.baseVal;"
            + " const p = f.hoverPoints.filter(q => q.label.startsWith('web.2 · '))"
            + "     .reduce((a, b) => a.y <= b.y ? a : b);"
            + " return {dx: Math.round(p.x * box.width / vb.width - box.width / 2),"
            + " dy: Math.round(p.y * box.height / vb.height - box.height / 2)};";

    @Test
    void theChartsShowEveryDynoAndTheRestartsOnTheRightLines() throws Exception {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("guardian.demo.speed", "4");
        settings.put("guardian.demo.boot-time", "20s");
        settings.put("guardian.history.sample-interval", "2s");
        // The slow dyno is confirmed within the playground's first minute, before its deploy replaces every dyno.
        settings.put("guardian.latency.check-interval", "3s");
        settings.put("guardian.latency.window", "30s");
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
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> assertThat(browser
                        .findElement(By.cssSelector(APP + ".dynos")).getText())
                        .contains("restarted, waiting for the first sample"));
                AdminClient admin = new AdminClient(port, "admin", "demo");
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    List<String> restarted = new java.util.ArrayList<>();
                    List<String> actions = new java.util.ArrayList<>();
                    admin.getJson("/admin/restarts?app=demo-shop&limit=200").forEach(r -> {
                        String outcome = r.path("outcome").asString();
                        if (outcome.equals("restarted") || outcome.equals("stopped")) {
                            restarted.add(r.path("id").asLong() + " " + r.path("dyno").asString());
                            actions.add(r.path("dyno").asString() + " by " + r.path("requestedBy").asString());
                        }
                    });
                    assertThat(actions).as("the leaking dyno's memory restart and the slow dyno's latency one")
                            .contains("web.2 by memory", "web.4 by latency");
                    for (String chart : List.of("memory", "latency")) {
                        assertThat(marks(browser, APP + "figure[data-chart='" + chart + "'] .mark.outcome-restarted, "
                                + APP + "figure[data-chart='" + chart + "'] .mark.outcome-stopped"))
                                .as("each restart marked on its own dyno's line").containsAll(restarted);
                    }
                });
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        shot(browser, browser.findElement(By.cssSelector(APP + ".history")), "status-charts.png"));

                String markCss = APP + "figure[data-chart='memory'] .mark.outcome-restarted[data-dyno='web.2']";
                String memoryChart = APP + "figure[data-chart='memory']";
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    WebElement svg = browser.findElement(By.cssSelector(memoryChart + " svg"));
                    @SuppressWarnings("unchecked")
                    Map<String, Long> offset = (Map<String, Long>) browser.executeScript(SAMPLE_OFFSET, memoryChart);
                    new Actions(browser).moveToElement(svg, offset.get("dx").intValue(), offset.get("dy").intValue())
                            .perform();
                    assertThat(browser.findElement(By.cssSelector(memoryChart + " .tip")).getText())
                            .startsWith("web.2 · ").endsWith(" MB of 512");
                });
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    String ledgerId = browser.findElement(By.cssSelector(markCss)).getDomAttribute("data-ledger-id");
                    browser.findElement(By.cssSelector("#decisions tr[data-ledger-id='" + ledgerId + "']")).click();
                    assertThat(browser.findElements(By.cssSelector(".mark.highlight[data-ledger-id='" + ledgerId
                            + "']"))).as("its mark on both charts").hasSize(2);
                });
                assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                        .noneMatch(message -> message.contains("Content Security Policy"));

            } finally {
                browser.quit();
            }
        }
    }

    /** The attribute of every element the selector finds, read at once (the charts are redrawn as they refresh). */
    @SuppressWarnings("unchecked")
    private static List<String> attributes(ChromeDriver browser, String css, String attribute) {
        return ((List<String>) browser.executeScript("return [...new Set([...document.querySelectorAll(arguments[0])]"
                + ".map(e => e.getAttribute(arguments[1])))]", css, attribute));
    }

    /** Each mark's ledger id and dyno, read at once. */
    @SuppressWarnings("unchecked")
    private static List<String> marks(ChromeDriver browser, String css) {
        return ((List<String>) browser.executeScript("return [...document.querySelectorAll(arguments[0])]"
                + ".map(e => e.getAttribute('data-ledger-id') + ' ' + e.getAttribute('data-dyno'))", css));
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
