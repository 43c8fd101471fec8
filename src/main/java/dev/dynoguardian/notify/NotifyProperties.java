package dev.dynoguardian.notify;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notifications ({@code guardian.notify.*}). Sent off the deciding thread with timeouts and a bounded queue: a slow
 * or failing receiver never blocks or undoes an action.
 *
 * @param slackWebhookUrl Slack incoming webhook (env {@code SLACK_WEBHOOK_URL}); receives {@code {"text": ...}},
 *                        escaped for Slack
 * @param webhookUrl      any endpoint that takes a JSON POST: {@code event}, {@code app}, {@code dyno}, {@code text},
 *                        {@code at}
 * @param timeout         connect and read timeout of each post
 * @param queueSize       notifications waiting to be sent; beyond, the oldest is dropped and counted
 * @param maxPerHour      notifications of one kind per app (or guardian-wide) in any rolling hour; beyond, they are
 *                        not sent but counted: whoever can post to the drain can make the guardian notify, and must not
 *                        be able to flood the channel
 */
@Validated
@ConfigurationProperties("guardian.notify")
public record NotifyProperties(
        String slackWebhookUrl,
        String webhookUrl,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("100") @Min(1) int queueSize,
        @DefaultValue("20") @Min(1) int maxPerHour) {

    @Override
    public String toString() {
        return "NotifyProperties[slack=" + (blank(slackWebhookUrl) ? "off" : "on") + ", webhook="
                + (blank(webhookUrl) ? "off" : "on") + "]";
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
