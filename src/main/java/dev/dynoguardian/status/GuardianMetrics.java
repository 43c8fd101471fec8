package dev.dynoguardian.status;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Gauges of what the guardian sees, refreshed every {@code guardian.metrics.refresh-interval}: per dyno memory and latency (only
 * dynos that sent a platform line in the last 10 minutes, so series of gone dynos disappear and cardinality stays
 * bounded), per app the policy's restarts in flight, queue, budget left and pause.
 */
@Component
class GuardianMetrics implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GuardianMetrics.class);

    private final GuardianStatus status;
    private final WatchedApps apps;
    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private final MeterRegistry meters;
    private final long periodMillis;
    private final Background scheduler = Background.thread("guardian-metrics");

    GuardianMetrics(GuardianStatus status, WatchedApps apps, MeterRegistry meters, MetricsProperties properties) {
        this.periodMillis = Math.max(100, properties.refreshInterval().toMillis());
        this.status = status;
        this.apps = apps;
        this.meters = meters;
    }

    @Override
    public void afterPropertiesSet() {
        scheduler.every(Duration.ZERO, Duration.ofMillis(periodMillis), this::refreshSafely);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("metrics refresh failed: {}", e.toString());
        }
    }

    void refresh() {
        Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        for (String app : apps.names()) {
            AppStatus a = status.app(app);
            Tags appTags = Tags.of("app", app);
            add(rows, "guardian.policy.in.flight", appTags, a.inFlight().size());
            add(rows, "guardian.policy.queue", appTags, a.queue().size());
            add(rows, "guardian.policy.budget.left", appTags, a.budgetLeft());
            add(rows, "guardian.policy.paused", appTags, a.paused() ? 1 : 0);
            add(rows, "guardian.drain.dynos.seen", appTags, a.dynosSeen());
            for (DynoStatus d : status.dynos(app)) {
                Tags tags = Tags.of("app", app, "dyno", d.dyno(), "type", d.type());
                if (d.memory() != null) {
                    add(rows, "guardian.dyno.memory.used", tags, d.memory().totalMb());
                    addIfKnown(rows, "guardian.dyno.memory.quota.fraction", tags, d.memory().percentOfQuota(),
                            p -> p / 100);
                }
                if (d.latency() != null) {
                    add(rows, "guardian.dyno.requests", tags, d.latency().requests());
                    add(rows, "guardian.dyno.router.errors", tags, d.latency().routerErrors());
                    addIfKnown(rows, "guardian.dyno.latency.mean", tags, d.latency().meanMs(), Function.identity());
                    addIfKnown(rows, "guardian.dyno.latency", tags.and("quantile", "0.5"), d.latency().p50Ms(),
                            Function.identity());
                    addIfKnown(rows, "guardian.dyno.latency", tags.and("quantile", "0.95"), d.latency().p95Ms(),
                            Function.identity());
                    addIfKnown(rows, "guardian.dyno.latency", tags.and("quantile", "0.99"), d.latency().p99Ms(),
                            Function.identity());
                }
            }
        }
        for (String name : List.of("guardian.policy.in.flight", "guardian.policy.queue", "guardian.policy.budget.left",
                "guardian.policy.paused", "guardian.drain.dynos.seen", "guardian.dyno.memory.used",
                "guardian.dyno.memory.quota.fraction", "guardian.dyno.requests", "guardian.dyno.router.errors",
                "guardian.dyno.latency.mean", "guardian.dyno.latency")) {
            gauge(name).register(rows.getOrDefault(name, List.of()), true);
        }
    }

    private MultiGauge gauge(String name) {
        return gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).baseUnit(unit(n)).register(meters));
    }

    private static String unit(String name) {
        if (name.startsWith("guardian.dyno.latency")) {
            return "milliseconds";
        }
        return name.equals("guardian.dyno.memory.used") ? "megabytes" : null;
    }

    private static void add(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, Number value) {
        rows.computeIfAbsent(name, n -> new ArrayList<>()).add(MultiGauge.Row.of(tags, value));
    }

    private static void addIfKnown(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, Double value,
                                   Function<Double, Double> scale) {
        if (value != null) {
            add(rows, name, tags, scale.apply(value));
        }
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
