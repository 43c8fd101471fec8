package dev.dynoguardian.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.DrainClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.HerokuStub;
import dev.dynoguardian.support.LogplexBody;
import dev.dynoguardian.support.ReadmeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The README's Metrics section is what {@code /actuator/prometheus} serves: after real traffic (drain batches with
 * samples, router lines, a corrupt frame and a redelivery; an R14 and its restart through the Heroku API; R14 lines
 * for more invented dynos than an app may track; latency checks; notifications, one receiver slow and one failing,
 * one over its hourly limit; a wrong drain password, admin password and metrics token) every documented metric is
 * scraped with exactly its documented tags, and every {@code guardian_} series served is documented. A miscounted
 * frame is repaired and a forged R14 naming a bare process type is counted {@code invalid-dyno} and never restarts
 * the type.
 */
@TestPropertySource(properties = {
    "guardian.app=metrics-e2e",
    "guardian.latency.enabled=true",
    "guardian.latency.check-interval=1s",
    "guardian.metrics.refresh-interval=200ms",
    "guardian.notify.queue-size=1",
    "guardian.drain.max-dynos=50",
    "guardian.notify.max-per-hour=1",
    "resilience4j.ratelimiter.instances.heroku.limit-for-period=100"
})
class DocumentedMetricsEndToEndTest extends EndToEndTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One scraped series: its name and labels. */
    private record Series(String name, Map<String, String> labels) {
    }

    @Test
    void everyDocumentedMetricIsServedWithItsDocumentedTags() {
        // Slack answers slowly and the webhook fails: with a queue of one, notifications are sent, fail and drop.
        heroku.script(app, r -> r.getTarget().endsWith("/slack")
                ? new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build()
                : r.getTarget().endsWith("/webhook") ? HerokuStub.status(500) : null);
        String web1 = UUID.randomUUID().toString();
        LogplexBody traffic = body().memory("web.1", web1, 300, 512).stateChanged("web.1", "starting", "up")
                .garbage("12345 <13>1 garbage that claims far more bytes than it has\n")
                .app("web.1", "Completed 200 OK in 12ms").garbage(shortByTwo(body().app("web.1", "Completed in 9ms")))
                .r14("web");
        for (int ms = 10; ms <= 400; ms += 10) {
            traffic.router("web.1", ms, 200);
        }
        traffic.heroku("router", "at=error code=H13 desc=\"Connection closed without response\" dyno=web.1 "
                + "connect=1ms service=3ms status=503");
        byte[] bytes = traffic.bytes();
        int sent = traffic.frames() + 2;
        assertThat(drain().post(bytes, sent, "batch-1")).isEqualTo(204);
        assertThat(drain().post(bytes, sent, "batch-1")).as("redelivered").isEqualTo(204);
        LogplexBody lost = body().memory("web.5", UUID.randomUUID().toString(), 250, 512);
        assertThat(drain().post(lost.bytes(), lost.frames() + 2, "batch-2")).as("count mismatch").isEqualTo(204);
        String before = UUID.randomUUID().toString();
        drain().post(body().memory("web.2", before, 250, 512).memory("web.2", UUID.randomUUID().toString(), 250, 512)
                .memory("web.2", before, 250, 512).r14("web.2"));
        drain().post(LogplexBody.at(clock.instant().minus(Duration.ofMinutes(10)))
                .memory("web.3", UUID.randomUUID().toString(), 900, 512));
        drain().post(body().r14("web.1"));
        await().untilAsserted(() -> assertThat(heroku.apiCalls(app, "DELETE"))
                .containsExactly("DELETE /apps/" + app + "/dynos/web.1"));
        LogplexBody invented = body();
        for (int i = 1; i <= 60; i++) {
            invented.r14("web." + (5000 + i));
        }
        drain().post(invented);
        admin().postJson("/admin/pause", "{\"reason\":\"metrics\"}");
        admin().postJson("/admin/resume", "{}");
        admin().postJson("/admin/pause", "{\"reason\":\"over the hourly limit of one\"}");
        admin().postJson("/admin/resume", "{}");
        assertThat(new DrainClient(port, "/logs", "guess").post(body().r14("web.1"))).isEqualTo(401);
        assertThat(new AdminClient(port, "admin", "guess").get("/admin/status").statusCode()).isEqualTo(401);
        assertThat(new AdminClient(port, null, null).authorization("Bearer guess").get("/actuator/prometheus")
                .statusCode()).isEqualTo(401);

        List<ReadmeMetrics.Metric> documented = ReadmeMetrics.documented();
        assertThat(documented).extracting(ReadmeMetrics.Metric::name)
                .contains("guardian_drain_frames_malformed_total", "guardian_drain_requests_total",
                        "resilience4j_circuitbreaker_", "resilience4j_retry_", "resilience4j_ratelimiter_");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = scrapeText();
            List<Series> scraped = parse(text);
            for (ReadmeMetrics.Metric metric : documented) {
                assertServed(metric, scraped);
            }
            assertThat(scraped).filteredOn(s -> s.name().startsWith("guardian_"))
                    .allSatisfy(s -> assertThat(ReadmeMetrics.find(documented, s.name()))
                            .as("%s is served but not documented in the README", s.name()).isNotNull());
            String app = "app=\"" + this.app + "\"";
            assertThat(text)
                    .contains("guardian_drain_requests_total{" + app + ",result=\"accepted-with-malformed\"} 1.0")
                    .contains("guardian_drain_requests_total{" + app + ",result=\"duplicate\"} 1.0")
                    .contains("guardian_drain_frames_malformed_total{" + app + "} 1.0")
                    .contains("guardian_drain_frames_repaired_total{" + app + "} 1.0")
                    .contains("guardian_drain_lines_total{" + app + ",kind=\"invalid-dyno\"} 1.0")
                    .contains("guardian_drain_count_mismatch_total{" + app + "} 1.0")
                    .contains("guardian_auth_failures_total{realm=\"drain\"} 1.0")
                    .contains("guardian_auth_failures_total{realm=\"admin\"} 1.0")
                    .contains("guardian_auth_failures_total{realm=\"metrics\"} 1.0")
                    .contains("guardian_auth_throttled_total{realm=\"admin\"} 0.0")
                    .contains("guardian_memory_retired_samples_total{" + app + "} 1.0")
                    .contains("guardian_memory_preboot_errors_total{" + app + "} 1.0")
                    .contains("guardian_memory_stale_evidence_total{" + app + "} 1.0")
                    .contains("guardian_decisions_total{" + app + ",outcome=\"restarted\",rule=\"allowed\","
                            + "trigger=\"memory\",type=\"web\"} 1.0")
                    .contains("guardian_heroku_api_calls_seconds_count{operation=\"restart-dyno\",status=\"202\"}")
                    .contains("guardian_heroku_rate_limit_remaining 4000")
                    .contains("guardian_policy_in_flight{" + app + "} 1.0")
                    .contains("guardian_policy_budget_left{" + app + "} 9.0")
                    .contains("guardian_notify_sent_total{result=\"ok\",sink=\"slack\"}")
                    .contains("guardian_notify_sent_total{result=\"failed\",sink=\"webhook\"}")
                    .contains("guardian_notify_suppressed_total{kind=\"paused\"} 1.0")
                    .contains("resilience4j_circuitbreaker_state{name=\"heroku\",state=\"closed\"} 1.0");
        });
    }

    /** The body's one frame with an octet count two bytes short, as some senders other than logplex write it. */
    private static String shortByTwo(LogplexBody frame) {
        String exact = new String(frame.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        int space = exact.indexOf(' ');
        return (Integer.parseInt(exact.substring(0, space)) - 2) + exact.substring(space);
    }

    /**
     * The metric is served with exactly the documented tags (a family: at least them), and with each tag value the
     * README lists, e.g. every documented quantile.
     */
    private static void assertServed(ReadmeMetrics.Metric metric, List<Series> scraped) {
        List<Series> series = scraped.stream().filter(s -> metric.covers(s.name())).toList();
        assertThat(series).as("%s is documented but not served", metric.name()).isNotEmpty();
        for (Series s : series) {
            if (metric.family()) {
                assertThat(s.labels().keySet()).as(s.name()).containsAll(metric.tagNames());
            } else {
                assertThat(s.labels().keySet()).as(s.name()).containsExactlyInAnyOrderElementsOf(metric.tagNames());
            }
        }
        for (ReadmeMetrics.Tag tag : metric.tags()) {
            assertThat(series).extracting(s -> s.labels().get(tag.name())).as("%s %s", metric.name(), tag.name())
                    .containsAll(tag.values());
        }
    }

    private static List<Series> parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            series.add(new Series(m.group(1), labels));
        }
        return series;
    }

    private String scrapeText() {
        var response = admin().get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
