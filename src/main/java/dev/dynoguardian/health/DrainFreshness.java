package dev.dynoguardian.health;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.SqlTimestamps;
import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Silence is unknown, not healthy: an app whose drain delivered no platform line for {@code guardian.drain.stale-after}
 * leaves the guardian blind. Every instance publishes, every quarter of stale-after (at most 15 s), when it last heard
 * each app's platform; one instance at a time (ShedLock) compares with the clock and notifies once when an app goes
 * stale and once when it recovers. The {@code guardian.drain.stale{app}} gauge reads the shared last platform line at
 * each scrape, so every instance reports the same.
 */
@Component
public class DrainFreshness implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DrainFreshness.class);
    private static final long MAX_PERIOD_MILLIS = 15_000;

    private final WatchedApps apps;
    private final FormationView formation;
    private final JdbcClient jdbc;
    private final LockingTaskExecutor locks;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration staleAfter;
    private final Instant startedAt;
    private final long periodMillis;
    private final Background scheduler = Background.thread("guardian-freshness");

    DrainFreshness(WatchedApps apps, FormationView formation, JdbcClient jdbc, LockingTaskExecutor locks,
                   Notifier notifier, Clock clock, DrainProperties drain, MeterRegistry meters) {
        this.apps = apps;
        this.formation = formation;
        this.jdbc = jdbc;
        this.locks = locks;
        this.notifier = notifier;
        this.clock = clock;
        this.staleAfter = drain.staleAfter();
        this.startedAt = clock.instant();
        this.periodMillis = Math.max(100, Math.min(MAX_PERIOD_MILLIS, staleAfter.toMillis() / 4));
        for (String app : apps.names()) {
            Gauge.builder("guardian.drain.stale", () -> isStale(lastLine(app), clock.instant()) ? 1 : 0)
                    .tag("app", app).description("1 while no platform line arrived for guardian.drain.stale-after").register(meters);
        }
    }

    /** How one app's drain looks: when its last platform line arrived (any instance), and whether that is too long. */
    public record Freshness(String app, Instant lastPlatformLine, boolean stale) {
    }

    @Override
    public void afterPropertiesSet() {
        scheduler.every(Duration.ofMillis(periodMillis), Duration.ofMillis(periodMillis), this::tick);
    }

    /** Publishes this instance's view, then, on one instance, judges every app. */
    void tick() {
        try {
            publish();
            locks.executeWithLock((Runnable) this::judge, new LockConfiguration(clock.instant(), "drain-freshness",
                    Duration.ofMinutes(5), Duration.ofMillis(periodMillis / 2)));
        } catch (RuntimeException e) {
            log.error("drain freshness check failed: {}", e.toString());
        }
    }

    /** The current view of every app, from the database (all instances). */
    public Map<String, Freshness> view() {
        Map<String, Freshness> out = new java.util.LinkedHashMap<>();
        Instant now = clock.instant();
        for (String app : apps.names()) {
            Instant last = lastLine(app);
            out.put(app, new Freshness(app, last, isStale(last, now)));
        }
        return out;
    }

    private void publish() {
        Instant now = clock.instant();
        for (String app : apps.names()) {
            Instant local = formation.lastPlatformLine(app);
            int updated = jdbc.sql("UPDATE drain_freshness SET last_platform_line = :line, checked_at = :now"
                            + " WHERE app = :app AND (last_platform_line IS NULL OR last_platform_line < :line)")
                    .param("line", SqlTimestamps.of(local)).param("now", SqlTimestamps.of(now)).param("app", app).update();
            if (updated == 0 && jdbc.sql("SELECT COUNT(*) FROM drain_freshness WHERE app = :app").param("app", app)
                    .query(Integer.class).single() == 0) {
                insert(app, local, now);
            }
        }
    }

    private void insert(String app, Instant line, Instant now) {
        try {
            jdbc.sql("INSERT INTO drain_freshness (app, last_platform_line, stale, checked_at)"
                            + " VALUES (:app, :line, FALSE, :now)")
                    .param("app", app).param("line", SqlTimestamps.of(line)).param("now", SqlTimestamps.of(now)).update();
        } catch (org.springframework.dao.DuplicateKeyException anotherInstanceWasFirst) {
            // the row exists now, which is all this needed
        }
    }

    private void judge() {
        Instant now = clock.instant();
        for (String app : apps.names()) {
            Instant last = lastLine(app);
            boolean nowStale = isStale(last, now);
            Boolean before = jdbc.sql("SELECT stale FROM drain_freshness WHERE app = :app").param("app", app)
                    .query(Boolean.class).optional().orElse(false);
            if (nowStale != before) {
                jdbc.sql("UPDATE drain_freshness SET stale = :stale WHERE app = :app").param("stale", nowStale)
                        .param("app", app).update();
                notifier.notify(nowStale
                        ? new Notification(Notification.Kind.DRAIN_STALE, app, null, app + ": no platform line from"
                        + " the drain since " + (last == null ? "the guardian started" : last) + ": the guardian is"
                        + " blind for this app (drain removed? log-runtime-metrics off? logplex dropping lines?)")
                        : new Notification(Notification.Kind.DRAIN_RECOVERED, app, null, app + ": the drain delivers"
                        + " platform lines again; the guardian sees the app."));
            }
        }
    }

    private Instant lastLine(String app) {
        return jdbc.sql("SELECT last_platform_line FROM drain_freshness WHERE app = :app").param("app", app)
                .query((rs, n) -> SqlTimestamps.read(rs, "last_platform_line")).optional().orElse(formation.lastPlatformLine(app));
    }

    private boolean isStale(Instant last, Instant now) {
        Instant reference = last == null ? startedAt : last;
        return now.isAfter(reference.plus(staleAfter));
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
