package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DynoName;
import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.notify.Notification;
import dev.dynoguardian.notify.Notifier;
import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resolves actions whose outcome nobody will record: ledger rows left {@code pending} by a guardian process that is
 * gone (killed during its API call, or stopped before the call returned). Heroku may have acted, so such a row becomes
 * {@code unknown}, not failed: its window and restarted incarnation stay reserved, its slot settles from now (the call
 * is certainly over), and people are told once. Rows written before processes were recorded count as gone once the
 * longest call has passed.
 *
 * <p>Runs while this guardian starts, before its drain is open and once its heartbeat exists (the ledger this depends
 * on depends on {@link GuardianProcess}, whose row is written when it is created), without a lock (the
 * conditional update lets only one instance resolve a row, so only one notifies); then every
 * {@code guardian.ledger.process-timeout} on one instance at a time (ShedLock), for instances that die while others
 * live.
 */
@Component
class LedgerSweep implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LedgerSweep.class);

    private final RestartLedger ledger;
    private final RestartStore store;
    private final TransactionTemplate tx;
    private final LockingTaskExecutor locks;
    private final HerokuClient heroku;
    private final WatchedApps apps;
    private final AppPolicies policies;
    private final DecisionLog decisionLog;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration processTimeout;
    private final Background scheduler = Background.thread("guardian-ledger-sweep");

    LedgerSweep(RestartLedger ledger, RestartStore store, TransactionTemplate tx, LockingTaskExecutor locks,
                HerokuClient heroku, WatchedApps apps, AppPolicies policies, DecisionLog decisionLog,
                Notifier notifier, Clock clock, LedgerSettings settings) {
        this.ledger = ledger;
        this.store = store;
        this.tx = tx;
        this.locks = locks;
        this.heroku = heroku;
        this.apps = apps;
        this.policies = policies;
        this.decisionLog = decisionLog;
        this.notifier = notifier;
        this.clock = clock;
        this.processTimeout = settings.processTimeout();
    }

    @Override
    public void afterPropertiesSet() {
        try {
            apps.names().forEach(store::ensureApp);
            sweep();
        } catch (RuntimeException e) {
            log.error("ledger sweep at start-up failed, the periodic one tries again: {}", e.toString());
        }
        long millis = processTimeout.toMillis();
        scheduler.every(Duration.ofMillis(millis), Duration.ofMillis(millis), this::sweepOnOneInstance);
    }

    private void sweepOnOneInstance() {
        try {
            locks.executeWithLock((Runnable) this::sweep, new LockConfiguration(clock.instant(), "ledger-sweep",
                    Duration.ofMinutes(5), processTimeout.dividedBy(2)));
        } catch (RuntimeException e) {
            log.error("ledger sweep failed: {}", e.toString());
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        for (LedgerEntry row : ledger.orphaned(now.minus(processTimeout), now.minus(heroku.longestCall()))) {
            String detail = "outcome unknown: guardian instance " + row.instance() + " stopped while the Heroku API"
                    + " call was under way; the dyno may have been " + done(row) + ", so its window is kept";
            if (!resolve(row, detail, now)) {
                continue;
            }
            if (!DynoName.isDyno(row.dyno())) {
                log.warn("ledger row {} of app {} resolved to unknown; its dyno name is not one dyno's (a row of an"
                        + " earlier version), so no notification is sent", row.id(), row.app());
            } else {
                RestartRequest r = request(row);
                decisionLog.decided(r, Outcome.UNKNOWN, Rule.ALLOWED, detail);
                notifier.notify(new Notification(Notification.Kind.UNKNOWN_OUTCOME, row.app(), row.dyno(),
                        row.app() + ": " + row.dyno() + " " + row.action() + " outcome unknown: guardian instance "
                                + row.instance() + " stopped while the Heroku API call was under way, so the dyno may"
                                + " or may not have been " + done(row) + " (wanted for: " + describe(r) + "). Its"
                                + " window is kept: it is not acted on again before the window passes."));
            }
        }
    }

    /** In the app's decision lock: the row, unless completed meanwhile, and the slot, whose call is over. */
    private boolean resolve(LedgerEntry row, String detail, Instant now) {
        boolean watched = apps.names().contains(row.app());
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (watched) {
                store.lockApp(row.app());
            }
            if (!ledger.resolveUnknown(row.id(), detail, now)) {
                return false;
            }
            if (watched) {
                // drops expired slots first, so the call below never revives one
                store.inFlight(row.app(), now);
                PolicySettings settings = policies.settings(row.app());
                store.callDone(row.app(), row.dyno(), row.id(), now.plus(settings.settleTime()),
                        now.plus(settings.minSettle()));
            }
            return true;
        }));
    }

    private static RestartRequest request(LedgerEntry row) {
        return new RestartRequest(row.app(), row.dyno(), row.dynoId(),
                Trigger.valueOf(row.requestedBy().toUpperCase(Locale.ROOT)),
                DynoAction.valueOf(row.action().toUpperCase(Locale.ROOT)), row.reason(), row.evidence(), false, null,
                null);
    }

    private static String done(LedgerEntry row) {
        return DynoAction.STOP.tag().equals(row.action()) ? "stopped" : "restarted";
    }

    private static String describe(RestartRequest r) {
        String reason = r.reason().isEmpty() ? r.trigger().tag() : r.reason();
        return r.evidence().isEmpty() ? reason : r.evidence() + " (" + reason + ")";
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
