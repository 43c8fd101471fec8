package dev.dynoguardian.latency;

import static dev.dynoguardian.system.Logfmt.value;

import dev.dynoguardian.system.DaemonThreads;
import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.restart.DynoAction;
import dev.dynoguardian.heroku.PlatformFormation.PlatformDyno;
import dev.dynoguardian.restart.PolicyResult;
import dev.dynoguardian.restart.RestartPolicy;
import dev.dynoguardian.restart.RestartRequest;
import dev.dynoguardian.restart.Trigger;
import dev.dynoguardian.system.WatchedApp;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Every {@code guardian.latency.check-interval}, on one guardian instance at a time (ShedLock), judges each
 * monitored process type of each app: per-dyno windows against the platform's list of dynos, through the
 * {@link OutlierDetector} (in dry-run the list comes from the drain, see {@link DynoSource}); then asks the RestartPolicy to act on one outlier chosen at random. Each check is one
 * logfmt line, every value through {@link dev.dynoguardian.system.Logfmt}: WARN when acting or when fewer than half of
 * the dynos have enough timed requests, ERROR when it cannot complete, INFO otherwise.
 */
@Component
class LatencyOutlierJob implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("dev.dynoguardian.latency.check");
    private static final Duration SYSTEMIC_QUIET = Duration.ofMinutes(30);
    /** An instance that dies holding the check's lock holds it this many check intervals at most. */
    private static final int LOCK_AT_MOST_INTERVALS = 5;

    private final Map<String, LatencySettings> settings = new LinkedHashMap<>();
    private final LatencyWindows windows;
    private final SharedWindows shared;
    private final DynoSource source;
    private final RestartPolicy policy;
    private final LatencyVerifier verifier;
    private final Notifier notifier;
    private final LockingTaskExecutor locks;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration interval;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Map<String, Instant> systemicNoticeAt = new ConcurrentHashMap<>();
    private final ConfirmationStreaks streaks = new ConfirmationStreaks();
    private final StreakStore streakStore;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("guardian-latency"));

    LatencyOutlierJob(WatchedApps apps, LatencySettings global, LatencyWindows windows, SharedWindows shared,
                      DynoSource source, StreakStore streakStore, RestartPolicy policy, LatencyVerifier verifier, Notifier notifier,
                      LockingTaskExecutor locks, MeterRegistry meters, Clock clock) {
        for (WatchedApp app : apps.all()) {
            settings.put(app.name(), apps.settings(app, "latency", LatencySettings.class));
        }
        this.windows = windows;
        this.shared = shared;
        this.source = source;
        this.streakStore = streakStore;
        this.policy = policy;
        this.verifier = verifier;
        this.notifier = notifier;
        this.locks = locks;
        this.meters = meters;
        this.clock = clock;
        this.interval = global.checkInterval();
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.values().stream().anyMatch(LatencySettings::enabled)) {
            long ms = interval.toMillis();
            scheduler.scheduleWithFixedDelay(this::runOnOneInstance, ms, ms, TimeUnit.MILLISECONDS);
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
        settings.forEach((app, s) -> {
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
     * Judges the type's dynos on this instance's windows merged with the buckets {@code others} published since each
     * dyno's current incarnation came up.
     */
    private void check(String app, String type, List<PlatformDyno> dynos, LatencySettings s, Instant now,
                       Map<String, List<SharedBucket>> others) {
        Analysis analysis = OutlierDetector.analyze(Observations.of(windows, app, dynos, now, others), s.detector());
        meters.counter("guardian.latency.checks", "app", app, "type", type, "decision",
                analysis.decision().name().toLowerCase(java.util.Locale.ROOT)).increment();
        String line = "latency-check app=" + value(app) + " type=" + value(type) + " " + analysis.summary();
        if (analysis.decision() == Decision.SYSTEMIC) {
            systemic(app, type, analysis);
        }
        String dyno = confirm(app, type, analysis, s, now);
        if (dyno == null) {
            String logged = analysis.shouldAct() ? line + " confirmation=" + value(confirmation(app, type, analysis, s))
                    : line;
            if (analysis.undersampled()) {
                log.warn("{}", logged);
            } else {
                log.info("{}", logged);
            }
            return;
        }
        DynoAssessment target = analysis.dynos().stream().filter(d -> d.dyno().equals(dyno)).findFirst().orElseThrow();
        PolicyResult result = act(app, target, s);
        log.warn("{} chosen={} policy={}", line, value(dyno),
                value(result.outcome().tag() + ":" + result.rule().tag()));
    }

    /**
     * Counts the check in the type's streaks, as the last check left them on whichever instance ran it, and returns the
     * confirmed outlier to act on (chosen at random), or null. A streak whose last check ran longer ago than a dead
     * instance can hold the check's lock does not continue: the checks in between did not happen.
     */
    private String confirm(String app, String type, Analysis analysis, LatencySettings s, Instant now) {
        streaks.restore(app, type, streakStore.load(app, type,
                now.minus(interval.multipliedBy(LOCK_AT_MOST_INTERVALS))));
        List<String> confirmed = streaks.confirmed(app, type, analysis, s.confirmChecks());
        String dyno = confirmed.isEmpty() ? null : confirmed.get(random.nextInt(confirmed.size()));
        if (dyno != null) {
            streaks.acted(app, type, dyno);
        }
        streakStore.save(app, type, streaks.streaks(app, type), now);
        return dyno;
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

    private String confirmation(String app, String type, Analysis analysis, LatencySettings s) {
        StringBuilder waiting = new StringBuilder("waiting:");
        for (String dyno : analysis.outliers()) {
            waiting.append(' ').append(dyno).append(' ').append(streaks.streak(app, type, dyno)).append('/')
                    .append(s.confirmChecks());
        }
        return waiting.toString();
    }

    /** The API's process type; Fir's dyno names ({@code web.4ed720fa31-ur8z1}) are not to be parsed. */
    private static String typeOf(PlatformDyno d) {
        return d.type() != null ? d.type() : DynoName.type(d.name());
    }

    /**
     * Asks the policy to act on the target. Whenever the policy carries it out, at once or later from its queue, the
     * dyno's window is cleared and the replacement is watched by the verifier.
     */
    private PolicyResult act(String app, DynoAssessment target, LatencySettings s) {
        String evidence = String.join(", ", target.findings());
        Grounds grounds = Grounds.of(target, OutlierDetector.statistic(s.detector().method()));
        RestartRequest request = new RestartRequest(app, target.dyno(), null, Trigger.LATENCY,
                s.stops() ? DynoAction.STOP : DynoAction.RESTART, "latency outlier", evidence, false,
                () -> staleReason(app, target.dyno(), grounds, s), ledgerId -> {
                    windows.clear(app, target.dyno(), clock.millis());
                    verifier.watch(app, target.dyno(), ledgerId, grounds, clock.instant());
                });
        return policy.request(request).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** For a queued action: the dyno must still stand out the way it did when it was judged. */
    private Optional<String> staleReason(String app, String dyno, Grounds grounds, LatencySettings s) {
        Instant at = clock.instant();
        var snap = windows.snapshot(app, dyno, at.toEpochMilli(), shared.others(app, at).getOrDefault(dyno,
                List.of()), Long.MIN_VALUE);
        if (snap.isEmpty()) {
            return Optional.of("no recent requests to confirm it still stands out");
        }
        Grounds.Reading now = grounds.read(snap.get(), s.minSamples());
        if (now.standsOut()) {
            return Optional.empty();
        }
        return Optional.of((now.slow() == null && now.failing() == null
                ? "too few recent requests to confirm it still stands out: " : "no longer stands out: ") + now.detail());
    }

    private void systemic(String app, String type, Analysis analysis) {
        Instant now = clock.instant();
        Instant last = systemicNoticeAt.get(app + "/" + type);
        if (last == null || now.isAfter(last.plus(SYSTEMIC_QUIET))) {
            systemicNoticeAt.put(app + "/" + type, now);
            notifier.notify(new Notification(Notification.Kind.LATENCY_SYSTEMIC, app, null, app + ": most " + type
                    + " dynos are slow at once (" + analysis.reason() + "): load or a dependency, not one dyno. The"
                    + " latency guardian holds still."));
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
