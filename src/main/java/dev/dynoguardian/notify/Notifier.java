package dev.dynoguardian.notify;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.system.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sends notifications to Slack and to a generic JSON webhook, asynchronously: {@link #notify} only enqueues. The URLs
 * are secrets and never appear in logs.
 *
 * <p>A notification's text holds dyno names and evidence from the drain and reasons from operators, so it is made
 * inert for each receiver: Slack gets it with {@code &}, {@code <} and {@code >} escaped as Slack asks (a
 * {@code <!channel>} or {@code <https://...|link>} in it stays text); the webhook gets the raw text, written by the
 * JSON serializer; the log line quotes and escapes every value. At most {@code guardian.notify.max-per-hour} of one
 * kind per app are sent in an hour ({@link NotificationLimits}).
 */
@Component
public class Notifier implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final List<Sink> sinks;
    private final ThreadPoolExecutor executor;
    private final MeterRegistry meters;
    private final Clock clock;
    private final NotificationLimits limits;

    Notifier(NotifyProperties properties, MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.limits = new NotificationLimits(properties.maxPerHour(), meters, clock);
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.timeout());
        // A plain client, not Boot's instrumented builder: its metrics would tag each request with the URL, and a
        // webhook URL is a secret.
        RestClient client = RestClient.builder().requestFactory(factory).build();
        this.sinks = new java.util.ArrayList<>();
        if (!NotifyProperties.blank(properties.slackWebhookUrl())) {
            sinks.add(new Sink("slack", client, properties.slackWebhookUrl().trim(), true));
        }
        if (!NotifyProperties.blank(properties.webhookUrl())) {
            sinks.add(new Sink("webhook", client, properties.webhookUrl().trim(), false));
        }
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueSize()), DaemonThreads.named("guardian-notify"), (task, pool) -> {
                    meters.counter("guardian.notify.dropped").increment();
                    pool.getQueue().poll();
                    pool.getQueue().offer(task);
                });
    }

    /** Queues the notification for every configured receiver unless its kind is over the app's limit; never blocks. */
    public void notify(Notification notification) {
        if (!limits.admit(notification)) {
            return;
        }
        log.info("notification event={} app={} dyno={} text={}", value(notification.kind().tag()),
                orDash(notification.app()), orDash(notification.dyno()), value(notification.text()));
        for (Sink sink : sinks) {
            executor.execute(() -> send(sink, notification));
        }
    }

    private void send(Sink sink, Notification n) {
        Object payload = sink.slack() ? slackPayload(n) : webhookPayload(n);
        try {
            sink.client().post().uri(sink.url()).contentType(MediaType.APPLICATION_JSON).body(payload).retrieve()
                    .toBodilessEntity();
            meters.counter("guardian.notify.sent", "sink", sink.name(), "result", "ok").increment();
        } catch (RuntimeException e) {
            meters.counter("guardian.notify.sent", "sink", sink.name(), "result", "failed").increment();
            log.warn("notification to {} failed: {} (event={} app={})", sink.name(), e.getClass().getSimpleName(),
                    value(n.kind().tag()), orDash(n.app()));
        }
    }

    /**
     * Slack's {@code {"text"}}, escaped as Slack's formatting reference requires so that nothing in it becomes a
     * mention, a channel link or a link: the guardian's messages never mean to use Slack's markup.
     */
    private static Map<String, Object> slackPayload(Notification n) {
        return Map.of("text", n.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    private static String orDash(String s) {
        return s == null ? "-" : value(s);
    }

    private Map<String, Object> webhookPayload(Notification n) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", n.kind().tag());
        payload.put("app", n.app());
        payload.put("dyno", n.dyno());
        payload.put("text", n.text());
        payload.put("at", clock.instant().toString());
        return payload;
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2, TimeUnit.SECONDS);
    }

    private record Sink(String name, RestClient client, String url, boolean slack) {
    }
}
