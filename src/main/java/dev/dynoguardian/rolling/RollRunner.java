package dev.dynoguardian.rolling;

import dev.dynoguardian.restart.LedgerSettings;
import dev.dynoguardian.system.Background;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Every {@code guardian.rolling.check-interval}, on one guardian instance at a time (ShedLock), moves each app's
 * running roll on by one step, or starts the roll of a scheduled window that has opened. A window has one roll
 * whichever instance starts it (a unique constraint); one whose deadline passed while no guardian ran is not started.
 * Each app's rounds are counted in {@code guardian.rolling.checks}: when they stop counting on every instance, rolls
 * are stuck. Every {@code guardian.ledger.prune-interval} a round also deletes the rolls that ended longer than
 * {@code guardian.ledger.retention} ago, as the ledger rows of their restarts go.
 */
@Component
class RollRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("dev.dynoguardian.rolling");
    /** The longest an instance that dies mid-step keeps the others from running rolls. */
    private static final Duration LOCK_AT_MOST = Duration.ofMinutes(2);
    static final String SCHEDULE = "schedule";

    private final RollingApps apps;
    private final RollStore store;
    private final RollSteps steps;
    private final LockingTaskExecutor locks;
    private final Clock clock;
    private final Duration interval;
    private final LedgerSettings ledger;
    private final Map<String, Counter> checks = new HashMap<>();
    /** When a round next deletes ended rolls; read and written on the scheduler's thread only. */
    private Instant nextPrune = Instant.MIN;
    private final Background scheduler = Background.thread("guardian-rolling");

    RollRunner(RollingApps apps, RollStore store, RollSteps steps, LockingTaskExecutor locks, RollingSettings global,
               LedgerSettings ledger, MeterRegistry meters, Clock clock) {
        this.apps = apps;
        this.store = store;
        this.steps = steps;
        this.locks = locks;
        this.clock = clock;
        this.interval = global.checkInterval();
        this.ledger = ledger;
        for (String app : apps.names()) {
            checks.put(app, meters.counter("guardian.rolling.checks", "app", app));
        }
    }

    /**
     * Starts stepping rolls once the application is ready, not while it starts: the Platform API they call may be
     * this guardian's own server (the playground), which does not listen before then.
     */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        scheduler.every(interval, interval, this::runOnOneInstance);
    }

    private void runOnOneInstance() {
        try {
            locks.executeWithLock((Runnable) this::stepAll, new LockConfiguration(clock.instant(), "rolling-restarts",
                    LOCK_AT_MOST, Duration.ZERO));
        } catch (RuntimeException e) {
            log.error("rolling-restart step could not take its lock: {}", e.toString());
        }
    }

    private void stepAll() {
        pruneWhenDue();
        for (String app : apps.names()) {
            try {
                Optional<Roll> running = store.running(app);
                if (running.isPresent()) {
                    steps.advance(running.get());
                } else {
                    startScheduled(app);
                }
                checks.get(app).increment();
            } catch (RuntimeException e) {
                log.warn("rolling-restart app={} step failed (tried again in {}): {}", app, interval, e.toString());
                log.debug("rolling-restart step failure", e);
            }
        }
    }

    private void pruneWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(ledger.pruneInterval());
        try {
            int deleted = store.deleteEndedBefore(now.minus(ledger.retention()));
            if (deleted > 0) {
                log.info("rolling-restart retention: deleted {} roll(s) that ended more than {} ago", deleted,
                        ledger.retention());
            }
        } catch (RuntimeException e) {
            log.error("rolling-restart retention failed, tried again in {}: {}", ledger.pruneInterval(), e.toString());
        }
    }

    private void startScheduled(String app) {
        RollingApps.AppRolling rolling = apps.of(app);
        RollingSettings s = rolling.settings();
        Instant now = clock.instant();
        Optional<Instant> window = s.cron().flatMap(cron -> RollSchedule.openWindow(cron, s.zoneId(), s.deadline(),
                now));
        if (window.isEmpty() || store.windowTaken(app, window.get())) {
            return;
        }
        try {
            store.create(app, "scheduled (" + s.schedule().trim() + " " + s.zoneId() + ")", SCHEDULE,
                    rolling.dynoTypes(), s.skipYoungerThan(), now, window.get().plus(s.deadline()), window.get());
        } catch (DuplicateKeyException takenMeanwhile) {
            log.info("rolling-restart app={} window={} already has its roll", app, window.get());
        }
    }

    /**
     * Lets a step under way finish, so that its lock is released rather than left to expire: the next guardian to
     * start carries the roll on at once.
     */
    @Override
    public void destroy() throws InterruptedException {
        scheduler.finish(Duration.ofSeconds(40));
    }
}
