package dev.dynoguardian.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.notify.Notification.Kind;
import dev.dynoguardian.support.AdminClient;
import dev.dynoguardian.support.EndToEndTest;
import dev.dynoguardian.support.LogfmtLine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text the guardian does not control (an operator's reason, a dyno name or evidence from the drain) is inert in every
 * output: Slack gets it escaped, so no mention or link comes of it; the webhook gets it raw, as valid JSON; the log
 * gets one line per decision and notification that reads back as the original values.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "guardian.app=notify-output-e2e")
class NotificationOutputEndToEndTest extends EndToEndTest {

    private static final String HOSTILE = "<!channel> <@U123> <https://evil.example|click> & \"quoted\" = yes\n"
            + "forged=1\r\ndecision app=evil dyno=web.3 outcome=restarted";
    private static final String SLACK_ESCAPED = "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; "
            + "&amp; \"quoted\" = yes\nforged=1\r\ndecision app=evil dyno=web.3 outcome=restarted";

    @Autowired
    private Notifier notifier;

    @Test
    void anOperatorsReasonIsEscapedForSlackRawForTheWebhookAndOneLineInTheLog(CapturedOutput output) {
        String body = JsonMapper.builder().build().writeValueAsString(Map.of("reason", HOSTILE));

        assertThat(admin().post("/admin/apps/" + app + "/dynos/web.1/restart", body).statusCode()).isEqualTo(202);

        String text = app + ": web.1 restarted: " + HOSTILE + " (operator admin)";
        JsonNode slack = only("slack");
        JsonNode webhook = only("webhook");
        assertThat(slack.path("text").asString())
                .isEqualTo(app + ": web.1 restarted: " + SLACK_ESCAPED + " (operator admin)");
        assertThat(slack.propertyNames()).containsExactly("text");
        assertThat(webhook.path("event").asString()).isEqualTo("restarted");
        assertThat(webhook.path("text").asString()).isEqualTo(text);

        List<String> out = output.getOut().lines().toList();
        assertThat(out).filteredOn(l -> l.startsWith("decision app=" + app + " ")).isNotEmpty()
                .allSatisfy(line -> assertThat(LogfmtLine.parse(line)).containsKeys("outcome", "rule", "detail")
                        .containsEntry("dyno", "web.1").containsEntry("reason", "operator admin")
                        .containsEntry("evidence", HOSTILE));
        assertThat(out).filteredOn(l -> l.contains("notification event=restarted app=" + app + " "))
                .singleElement().satisfies(line -> assertThat(notificationLine(line))
                        .containsExactly(Map.entry("notification", ""), Map.entry("event", "restarted"),
                                Map.entry("app", app), Map.entry("dyno", "web.1"), Map.entry("text", text)));
        assertThat(out).noneMatch(l -> l.startsWith("forged") || l.startsWith("decision app=evil"));
    }

    @Test
    void mentionsAndLinksInADynoNameStayTextInSlack(CapturedOutput output) {
        String dyno = "web.1<!here>";
        String text = app + ": " + dyno + " failed: <#C42> <mailto:a@example.com|mail> &amp; done";

        notifier.notify(new Notification(Kind.FAILED, app, dyno, text));

        JsonNode slack = only("slack");
        JsonNode webhook = only("webhook");
        assertThat(slack.path("text").asString()).isEqualTo(app + ": web.1&lt;!here&gt; failed: &lt;#C42&gt; "
                + "&lt;mailto:a@example.com|mail&gt; &amp;amp; done");
        assertThat(webhook.path("dyno").asString()).isEqualTo(dyno);
        assertThat(webhook.path("text").asString()).isEqualTo(text);
        assertThat(output.getOut().lines().filter(l -> l.contains("notification event=failed app=" + app + " ")))
                .singleElement().satisfies(line -> assertThat(notificationLine(line))
                        .containsEntry("dyno", dyno).containsEntry("text", text));
    }

    /** The one body the receiver got, once it has. */
    private JsonNode only(String sink) {
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, sink)).isNotEmpty());
        List<String> bodies = heroku.hookBodies(app, sink);
        assertThat(bodies).hasSize(1);
        return AdminClient.parse(bodies.get(0));
    }

    /** The logfmt pairs of a console line's message. */
    private static Map<String, String> notificationLine(String line) {
        return LogfmtLine.parse(line.substring(line.indexOf("notification event=")));
    }
}
