package dev.dynoguardian.latency;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.restart.PolicyResult;
import dev.dynoguardian.system.Background;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Every {@code guardian.latency.check-interval}, on one guardian instance at a time (ShedLock), checks each monitored
 * process type of each app: the platform's list of dynos (in dry-run the drain's, see {@link DynoSource}) and their
 * windows go through the pure {@link TypeCheck}; a confirmed outlier goes to the {@link OutlierAction}. Each check is
 * one logfmt line, every value through {@link dev.dynoguardian.system.Logfmt}: WARN when acting or when fewer than half
 * of the dynos have enough timed requests, ERROR when it cannot complete, INFO otherwise.
 */
@Component
class LatencyOutlierJob implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("dev.dynoguardian.latency.check");
    /** An instance that dies holding the check's lock holds it this many check intervals at most. */
    private static final int LOCK_AT_MOST_INTERVALS = 5;

    private final AppLatencySettings settings;
    private final LatencyWindows windows;
    private final SharedWindows shared;
    private final DynoSource source;
    private final LatencyVerifier verifier;
    private final OutlierAction action;
    private final LockingTaskExecutor locks;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration interval;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final ConfirmationStreaks streaks = new ConfirmationStreaks();
    private final StreakStore streakStore;
    private final Background scheduler = Background.thread("guardian-latency");

    LatencyOutlierJob(AppLatencySettings settings, LatencySettings global, LatencyWindows windows,
                      SharedWindows shared, DynoSource source, StreakStore streakStore, LatencyVerifier verifier,
                      OutlierAction action, LockingTaskExecutor locks, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.windows = windows;
        this.shared = shared;
        this.source = source;
        this.streakStore = streakStore;
        this.verifier = verifier;
        this.action = action;
        this.locks = locks;
        this.meters = meters;
        this.clock = clock;
        this.interval = global.checkInterval();
    }

    /**
     * Starts checking once the application is ready, not while it starts: the Platform API it calls may be this
     * guardian's own server (the playground), which does not listen before then.
     */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (settings.byApp().values().stream().anyMatch(LatencySettings::enabled)) {
            scheduler.every(interval, interval, this::runOnOneInstance);
        }
    }

    /**
     * Runs the check unless another instance holds its lock. The lock is held for at least 0.9 of an interval, so
     * instances whose schedules are out of phase still check about once per interval together, as the confirmation
     * rule and the simulation assume.
     */
    private void runOnOneInstance() {
        try {
            locks.executeWithLock((Runnable) this::checkAll, new LockConfiguration(clock.instant(), "latency-check",
                    interval.multipliedBy(LOCK_AT_MOST_INTERVALS), interval.multipliedBy(9).dividedBy(10)));
        } catch (RuntimeException e) {
            log.error("latency-check decision=ERROR reason={}", value("could not take its lock: " + e));
        }
    }

    void checkAll() {
        settings.byApp().forEach((app, s) -> {
            if (!s.enabled()) {
                return;
            }
            try {
                List<PlatformDyno> dynos = source.list(app);
                Instant now = clock.instant();
                Map<String, List<SharedBucket>> others = shared.others(app, now);
                verifier.verify(app, dynos, s, now, others);
                for (String type : s.dynoTypes()) {
                    check(app, type.trim(), dynos.stream().filter(d -> typeOf(d).equals(type.trim())).toList(), s,
                            now, others);
                }
            } catch (RuntimeException e) {
                forget(app);
                meters.counter("guardian.latency.checks", "app", app, "type", "*", "decision", "error").increment();
                log.error("latency-check app={} decision=ERROR reason={}", value(app),
                        value("check could not complete: " + e.getMessage()));
            }
        });
    }

    /**
     * Checks the type's dynos on this instance's windows merged with the buckets {@code others} published since each
     * dyno's current incarnation came up, counting the check in the type's streaks as the last check left them on
     * whichever instance ran it. A streak whose last check ran longer ago than a dead instance can hold the check's
     * lock does not continue: the checks in between did not happen.
     */
    private void check(String app, String type, List<PlatformDyno> dynos, LatencySettings s, Instant now,
                       Map<String, List<SharedBucket>> others) {
        Analysis analysis = OutlierDetector.analyze(Observations.of(windows, app, dynos, now, others), s.detector());
        meters.counter("guardian.latency.checks", "app", app, "type", type, "decision",
                analysis.decision().name().toLowerCase(Locale.ROOT)).increment();
        if (analysis.decision() == Decision.SYSTEMIC) {
            action.systemic(app, type, analysis);
        }
        streaks.restore(app, type, streakStore.load(app, type,
                now.minus(interval.multipliedBy(LOCK_AT_MOST_INTERVALS))));
        TypeCheck.Result result = TypeCheck.confirm(app, type, analysis, s.confirmChecks(), streaks, random);
        streakStore.save(app, type, streaks.streaks(app, type), now);
        if (result.chosen() == null) {
            if (analysis.undersampled()) {
                log.warn("{}", result.line());
            } else {
                log.info("{}", result.line());
            }
            return;
        }
        PolicyResult answer = action.act(app, result.target(), s);
        log.warn("{} chosen={} policy={}", result.line(), value(result.chosen()),
                value(answer.outcome().tag() + ":" + answer.rule().tag()));
    }

    /** The check of the app could not complete: nothing is confirmed across the gap. */
    private void forget(String app) {
        streaks.forget(app);
        try {
            streakStore.forget(app);
        } catch (RuntimeException e) {
            log.error("latency-check app={} reason={}", value(app),
                    value("could not forget its confirmation streaks: " + e));
        }
    }

    /** The API's process type; Fir's dyno names ({@code web.4ed720fa31-ur8z1}) are not to be parsed. */
    private static String typeOf(PlatformDyno d) {
        return d.type() != null ? d.type() : DynoName.type(d.name());
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
