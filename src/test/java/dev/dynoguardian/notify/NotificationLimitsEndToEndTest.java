package dev.dynoguardian.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.notify.Notification.Kind;
import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.GuardianRunner;
import dev.dynoguardian.support.LogfmtLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * At most {@code guardian.notify.max-per-hour} notifications of one kind per app in any rolling hour reach Slack and
 * the webhook; the rest are counted and warned about once an hour, and other kinds, other apps and guardian-wide
 * notifications keep their own allowance.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"guardian.app=notify-limits-e2e", "guardian.notify.max-per-hour=3"})
class NotificationLimitsEndToEndTest extends EndToEndTest {

    /** {@code guardian.notify.max-per-hour}, as set above. */
    private static final int MAX = 3;

    @Autowired
    private Notifier notifier;

    @Test
    void beyondTheLimitOnlyThatKindOfThatAppIsHeldBack(CapturedOutput output) {
        double restartedBefore = suppressed("restarted");
        double pausedBefore = suppressed("paused");

        send(Kind.RESTARTED, "shop-a", MAX + 5);
        send(Kind.RESTARTED, "shop-b", MAX);
        send(Kind.STOPPED, "shop-a", MAX);
        send(Kind.PAUSED, null, MAX + 1);
        send(Kind.PAUSED, "shop-a", 1);
        Map<String, Long> sent = sentAfterMarker("shop-a");

        assertThat(sent).containsExactlyInAnyOrderEntriesOf(Map.of("restarted shop-a", 3L, "restarted shop-b", 3L,
                "stopped shop-a", 3L, "paused -", 3L, "paused shop-a", 1L));
        assertThat(heroku.hookBodies(app, "slack")).hasSize(14);
        assertThat(suppressed("restarted") - restartedBefore).isEqualTo(5);
        assertThat(suppressed("paused") - pausedBefore).isEqualTo(1);
        assertThat(warnings(output)).containsExactly(Map.of("app", "shop-a", "event", "restarted", "suppressed", "1"),
                Map.of("app", "-", "event", "paused", "suppressed", "1"));
    }

    @Test
    void anHourAfterTheyFlowAgainAndTheNextWarningCountsWhatWasHeldBack(CapturedOutput output) {
        send(Kind.DRY_RUN, "shop-c", MAX + 2);
        clock.advance(Duration.ofMinutes(59));
        send(Kind.DRY_RUN, "shop-c", 1);
        assertThat(sentAfterMarker("shop-c")).containsEntry("dry-run shop-c", 3L);

        clock.advance(Duration.ofMinutes(1));
        send(Kind.DRY_RUN, "shop-c", MAX + 1);

        assertThat(sentAfterMarker("shop-c")).containsEntry("dry-run shop-c", 6L);
        assertThat(warnings(output)).containsExactly(Map.of("app", "shop-c", "event", "dry-run", "suppressed", "1"),
                Map.of("app", "shop-c", "event", "dry-run", "suppressed", "3"));
    }

    @Test
    void aLimitBelowOneStopsStartUp() {
        Map<String, Object> settings = GuardianRunner.baseSettings();
        settings.put("spring.datasource.url", "jdbc:h2:mem:notify-limits-startup;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE");
        settings.put("guardian.notify.max-per-hour", "0");

        assertThatThrownBy(() -> GuardianRunner.start(Map.of("APP_ID_OR_NAME", "shop", "AUTH_TOKEN", "t",
                "DRAIN_PASSWORD", "p"), settings)).satisfies(e -> assertThat(messages(e)).contains("guardian.notify")
                .contains("maxPerHour"));
    }

    private void send(Kind kind, String to, int times) {
        for (int i = 1; i <= times; i++) {
            notifier.notify(new Notification(kind, to, "web." + i, to + ": web." + i + " " + kind.tag()));
        }
    }

    /**
     * What the webhook received, as "event app" and how many, once a marker sent after everything else (the
     * receivers are served in order) has arrived.
     */
    private Map<String, Long> sentAfterMarker(String to) {
        int markers = (int) bodies().stream().filter(b -> b.path("event").asString().equals("resumed")).count();
        notifier.notify(new Notification(Kind.RESUMED, to, null, to + ": marker " + markers));
        await().untilAsserted(() -> assertThat(bodies()).anySatisfy(b -> assertThat(b.path("text").asString())
                .isEqualTo(to + ": marker " + markers)));
        return bodies().stream().filter(b -> !b.path("text").asString().contains(": marker "))
                .collect(Collectors.groupingBy(b -> b.path("event").asString() + " "
                        + (b.path("app").isNull() ? "-" : b.path("app").asString()), Collectors.counting()));
    }

    private List<JsonNode> bodies() {
        return heroku.hookBodies(app, "webhook").stream().map(AdminClient::parse).toList();
    }

    private double suppressed(String kind) {
        var response = admin().get("/actuator/metrics/guardian.notify.suppressed?tag=kind:" + kind);
        return response.statusCode() == 404 ? 0
                : AdminClient.parse(response.body()).path("measurements").get(0).path("value").asDouble();
    }

    /** The suppression warnings logged during the test: app, event and count of each. */
    private static List<Map<String, String>> warnings(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.contains(" WARN ") && l.contains("notification-suppressed "))
                .map(l -> LogfmtLine.parse(l.substring(l.indexOf("notification-suppressed "))))
                .map(w -> Map.of("app", w.get("app"), "event", w.get("event"), "suppressed", w.get("suppressed")))
                .toList();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
