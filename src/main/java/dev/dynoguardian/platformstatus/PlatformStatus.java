package dev.dynoguardian.platformstatus;

import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.system.Background;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * What Heroku says of itself, polled on a thread of its own. While the Apps system is at or above
 * {@code guardian.platform-status.hold-on}, {@link #hold()} names the incident and the RestartPolicy holds new
 * actions (the policy re-checks what it queued every second, so held requests go ahead once the hold ends). Holding
 * and resuming are each notified once, by whichever instance first sees the change ({@link PlatformHoldStore}). When
 * the status API cannot be reached (or its answer cannot be read), nothing is held: an unreachable status page is not
 * an incident.
 */
@Service
public class PlatformStatus implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PlatformStatus.class);
    static final String BREAKER = "platform-status";

    /** Why new actions are held: the Apps level and the first incident Heroku lists (title and link may be null). */
    public record Hold(Level level, String title, String link) {

        /** For the ledger and notifications. */
        public String detail() {
            return "Heroku reports Apps " + level.tag() + (title == null ? "" : ": " + title)
                    + (link == null ? "" : " (" + link + ")");
        }
    }

    /**
     * What the guardian knows of Heroku's status.
     *
     * @param state     {@code disabled}, {@code unknown} (not asked yet), {@code reachable} or {@code unreachable}
     * @param systems   each system's level of the last answer read (empty when unreachable)
     * @param hold      what holds new actions, or null
     * @param checkedAt when the status API was last asked, or null
     * @param error     why the last poll failed, or null
     */
    public record View(String state, Map<String, String> systems, Hold hold, String holdOn, Instant checkedAt,
                       String error) {
    }

    private final PlatformStatusProperties properties;
    private final Notifier notifier;
    private final PlatformHoldStore holds;
    private final Clock clock;
    private final PlatformStatusFetcher fetcher;
    private final MultiGauge gauge;
    private final Background poller = Background.thread("guardian-platform-status");
    private volatile View view;

    PlatformStatus(PlatformStatusProperties properties, CircuitBreakerRegistry breakers, Notifier notifier,
                   PlatformHoldStore holds, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.notifier = notifier;
        this.holds = holds;
        this.clock = clock;
        this.fetcher = new PlatformStatusFetcher(properties, breakers.circuitBreaker(BREAKER));
        this.gauge = MultiGauge.builder("guardian.platform.status").register(meters);
        this.view = new View(properties.enabled() ? "unknown" : "disabled", Map.of(), null, properties.holdOn(), null,
                null);
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.enabled()) {
            poller.every(Duration.ZERO, properties.interval(), this::pollSafely);
        }
    }

    /** The incident that holds new actions now, if any. */
    public Optional<Hold> hold() {
        return Optional.ofNullable(view.hold());
    }

    public View view() {
        return view;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.error("platform status poll failed: {}", e.toString(), e);
        }
    }

    private void poll() {
        Instant now = clock.instant();
        PlatformReport report;
        try {
            report = fetcher.fetch();
        } catch (CallNotPermittedException e) {
            unreachable("circuit breaker open after repeated failures", now);
            return;
        } catch (RuntimeException e) {
            unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), now);
            return;
        }
        Map<String, String> systems = new LinkedHashMap<>();
        report.systems().forEach((system, level) -> systems.put(system, level.tag()));
        Level apps = report.apps();
        Hold hold = apps != null && apps.compareTo(properties.holdLevel()) >= 0
                ? new Hold(apps, report.incident() == null ? null : report.incident().title(),
                report.incident() == null ? null : report.incident().link()) : null;
        gauge.register(report.systems().entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("system", e.getKey()),
                e.getValue().ordinal())).toList(), true);
        change(new View("reachable", Map.copyOf(systems), hold, properties.holdOn(), now, null),
                "Heroku reports Apps " + (apps == null ? "without a status" : apps.tag()));
    }

    private void unreachable(String why, Instant now) {
        String error = why.length() > 300 ? why.substring(0, 300) : why;
        gauge.register(List.of(), true);
        if (!"unreachable".equals(view.state())) {
            log.warn("Heroku's status API cannot be reached ({}): the guardian acts as usual", error);
        }
        change(new View("unreachable", Map.of(), null, properties.holdOn(), now, error),
                "Heroku's status API cannot be reached");
    }

    private void change(View next, String why) {
        Hold before = view.hold();
        view = next;
        boolean holding = next.hold() != null;
        if (before == null && holding) {
            log.warn("platform incident: {}; new actions are held", next.hold().detail());
        } else if (before != null && !holding) {
            log.info("platform incident over: {}; acting again", why);
        }
        if (!firstToSee(holding, before != null, next.checkedAt())) {
            return;
        }
        if (holding) {
            notifier.notify(new Notification(Notification.Kind.PLATFORM_INCIDENT, null, null, next.hold().detail()
                    + ": the guardian holds new restarts and stops until it is over (operators can still restart)"));
        } else {
            notifier.notify(new Notification(Notification.Kind.PLATFORM_RECOVERED, null, null, why
                    + ": the guardian acts again on what it held"));
        }
    }

    /**
     * Whether this instance is the one to notify that the guardian now holds (or no longer does): the shared row
     * decides; when the database cannot be reached, this instance's own previous poll does.
     */
    private boolean firstToSee(boolean holding, boolean held, Instant at) {
        try {
            return holds.change(holding, at);
        } catch (DataAccessException e) {
            log.warn("the platform hold cannot be shared through the database ({}): notifying from this instance's "
                    + "own view", e.toString());
            return holding != held;
        }
    }

    @Override
    public void destroy() {
        poller.stop();
    }
}
