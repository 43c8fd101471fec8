package dev.dynoguardian.restart;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the ledger and the policy's shared state from growing without end: every
 * {@code guardian.ledger.prune-interval}, on one instance at a time (ShedLock), deletes ledger rows older than
 * {@code guardian.ledger.retention} and shared state unused for {@code guardian.ledger.state-retention}
 * ({@code latency_bucket} is pruned as it ages by the latency guardian). A window pruned too early would let a
 * flapping dyno escape its back-off, so the start-up fails unless the state retention covers what every app's policy
 * reads of a window: its back-off cap, its flap streak (flap-window × flap-limit, one doubling undone per quiet
 * flap-window) and its longest window.
 */
@Component
class LedgerRetention implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LedgerRetention.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);

    private final RetentionStore store;
    private final LockingTaskExecutor locks;
    private final GuardianProcess process;
    private final Clock clock;
    private final LedgerSettings settings;
    private final Background scheduler = Background.thread("guardian-retention");

    LedgerRetention(RetentionStore store, LockingTaskExecutor locks, GuardianProcess process, Clock clock,
                    LedgerSettings settings, WatchedApps apps, AppPolicies policies) {
        this.store = store;
        this.locks = locks;
        this.process = process;
        this.clock = clock;
        this.settings = settings;
        List<String> problems = new ArrayList<>();
        for (String app : apps.names()) {
            Duration needed = needed(policies.settings(app));
            if (settings.stateRetention().compareTo(needed) < 0) {
                problems.add(app + "'s policy reads a dyno's window for " + needed);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("guardian.ledger.state-retention (" + settings.stateRetention()
                    + ") is too short: " + String.join(", ", problems) + " (the longest of guardian.policy.backoff-max,"
                    + " flap-window x flap-limit and the windows)");
        }
    }

    /** How long after its last restart the policy may still read a dyno's window. */
    static Duration needed(PolicySettings policy) {
        Duration needed = policy.backoffMax();
        List<Duration> others = new ArrayList<>(policy.windows().values());
        others.add(policy.window());
        others.add(policy.flapWindow().multipliedBy(policy.flapLimit()));
        for (Duration d : others) {
            needed = d.compareTo(needed) > 0 ? d : needed;
        }
        return needed;
    }

    @Override
    public void afterPropertiesSet() {
        long period = settings.pruneInterval().toMillis();
        scheduler.every(Duration.ofMillis(Math.min(period, FIRST_RUN_AFTER.toMillis())), Duration.ofMillis(period),
                this::pruneOnOneInstance);
    }

    private void pruneOnOneInstance() {
        try {
            locks.executeWithLock((Runnable) this::prune, new LockConfiguration(clock.instant(), "ledger-retention",
                    Duration.ofMinutes(30), settings.pruneInterval().dividedBy(2)));
        } catch (RuntimeException e) {
            log.error("ledger retention failed, tried again in {}: {}", settings.pruneInterval(), e.toString());
        }
    }

    private void prune() {
        Instant now = clock.instant();
        int ledger = store.ledgerBefore(now.minus(settings.retention()));
        int state = store.stateBefore(now.minus(settings.stateRetention()), now, process.id());
        if (ledger + state > 0) {
            log.info("retention: deleted {} ledger rows older than {} and {} rows of shared state older than {}",
                    ledger, settings.retention(), state, settings.stateRetention());
        }
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
