package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.platformstatus.PlatformStatus;
import dev.dynoguardian.restart.PolicySnapshot.WindowState;
import dev.dynoguardian.system.GuardianProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one decision in one transaction that holds the app's row lock: reads the shared state, applies
 * {@link PolicyRules}, and records the result (ledger row, window, incarnation, in-flight slot) before anything is
 * done, so instances sharing the database never act twice on the same evidence.
 */
@Component
class PolicyDecisions {

    /** A recorded decision. {@code previousWindow} is what to restore if the action then fails. */
    record Decided(RuleVerdict verdict, Outcome outcome, long ledgerId, WindowState previousWindow) {
    }

    private final RestartStore store;
    private final PauseStore pauses;
    private final RestartLedger ledger;
    private final TransactionTemplate tx;
    private final FormationCounts formation;
    private final HerokuClient heroku;
    private final AppPolicies policies;
    private final GuardianProperties guardian;
    private final PlatformStatus platformStatus;
    private final String instance;

    PolicyDecisions(RestartStore store, PauseStore pauses, RestartLedger ledger, TransactionTemplate tx,
                    FormationCounts formation, HerokuClient heroku, AppPolicies policies, GuardianProperties guardian,
                    PlatformStatus platformStatus) {
        this.store = store;
        this.pauses = pauses;
        this.ledger = ledger;
        this.tx = tx;
        this.formation = formation;
        this.heroku = heroku;
        this.policies = policies;
        this.guardian = guardian;
        this.platformStatus = platformStatus;
        this.instance = guardian.instance();
    }

    /**
     * Decides about a request that stands as {@code standing} with the queue and first met the rules at {@code since}.
     * The head of a queue, re-checked, records no second "queued" row while it keeps waiting.
     */
    Decided decide(RestartRequest r, PolicyQueues.Standing standing, Instant since, Instant now) {
        PolicySettings settings = policies.settings(r.app());
        boolean alreadyQueued = standing == PolicyQueues.Standing.HEAD;
        return tx.execute(status -> {
            store.lockApp(r.app());
            PolicySnapshot snapshot = snapshot(r, since, now);
            RuleVerdict v = PolicyRules.withQueue(PolicyRules.decide(settings, snapshot, r, now), standing,
                    r.processType());
            if (v.relapse()) {
                store.markRelapse(r.app(), r.dyno(), now);
            }
            return switch (v.kind()) {
                case ACT -> act(r, v, snapshot.window(), settings, now);
                case QUEUE -> new Decided(v, Outcome.QUEUED, alreadyQueued ? 0
                        : ledger.record(r, v.rule(), Outcome.QUEUED, v.detail(), instance, now), snapshot.window());
                case SKIP -> new Decided(v, Outcome.SKIPPED,
                        ledger.record(r, v.rule(), Outcome.SKIPPED, v.detail(), instance, now), snapshot.window());
            };
        });
    }

    /** The action's API call succeeded at {@code at}: its slot settles from then, or earlier when the dyno is up. */
    void callDone(RestartRequest r, Decided d, Instant at) {
        PolicySettings settings = policies.settings(r.app());
        tx.executeWithoutResult(status -> {
            store.lockApp(r.app());
            store.callDone(r.app(), r.dyno(), d.ledgerId(), at.plus(settings.settleTime()),
                    at.plus(settings.minSettle()));
        });
    }

    /** The dyno was seen up at {@code at}; true when that ended a restart in flight. */
    boolean land(String app, String dyno, Instant at) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            store.lockApp(app);
            return store.land(app, dyno, at) > 0;
        }));
    }

    /** Undoes what an action reserved when its API call failed: the window, incarnation and in-flight slot. */
    void release(RestartRequest r, Decided d) {
        tx.executeWithoutResult(status -> {
            store.lockApp(r.app());
            store.restoreWindow(r.app(), r.dyno(), d.previousWindow());
            store.deleteIncarnation(r.app(), r.dyno(), r.incarnation());
            store.endFlight(r.app(), r.dyno(), d.ledgerId());
        });
    }

    /**
     * Reserves what acting takes. A real action's slot lasts while its call runs ({@link #callDone} then starts the
     * settle time); should this instance die mid-call, the slot expires after the longest call plus the settle time.
     * Dry-run reservations are marked as such by the store.
     */
    private Decided act(RestartRequest r, RuleVerdict v, WindowState previous, PolicySettings settings, Instant now) {
        boolean dryRun = guardian.dryRun();
        Outcome outcome = dryRun ? Outcome.DRY_RUN : Outcome.PENDING;
        String detail = dryRun ? "dry-run: would " + r.action().tag() : "";
        long id = ledger.record(r, Rule.ALLOWED, outcome, detail, instance, now);
        store.saveWindow(r.app(), r.dyno(), v.windowAfter());
        store.saveIncarnation(r.app(), r.incarnation(), r.dyno(), now);
        Instant settleBy = now.plus(settings.settleTime()).plus(dryRun ? Duration.ZERO : heroku.longestCall());
        store.startFlight(r.app(), r.dyno(), r.processType(), id, now, settleBy,
                dryRun ? now.plus(settings.minSettle()) : settleBy, !dryRun);
        return new Decided(v, outcome, id, previous);
    }

    private PolicySnapshot snapshot(RestartRequest r, Instant since, Instant now) {
        String type = r.processType();
        List<RestartStore.InFlight> flights = store.inFlight(r.app(), now);
        List<String> flyingOfType = flights.stream().filter(f -> f.processType().equals(type))
                .map(RestartStore.InFlight::dyno).toList();
        List<String> notCountedDown = new ArrayList<>(flyingOfType);
        notCountedDown.add(r.dyno());
        FormationCounts.Counts seen = formation.of(r.app(), type, notCountedDown, since, now);
        int size = Math.max(seen.size(), flyingOfType.size());
        return PolicySnapshot.ofType(size)
                .withLoad(flyingOfType.size(), flyingOfType.size() + seen.down(),
                        Math.max(0, seen.running() - flyingOfType.size()))
                .withPause(activePause(r.app(), now))
                .withWindow(store.window(r.app(), r.dyno()))
                .withIncarnationRestarted(store.incarnationRestarted(r.app(), r.dyno(), r.incarnation()))
                .withRestartsLastHour(ledger.actionsSince(r.app(), now.minus(Duration.ofHours(1)),
                        r.trigger().reactive()))
                .withApiBlocked(apiBlocked())
                .withPlatformIncident(platformStatus.hold().map(PlatformStatus.Hold::detail).orElse(null));
    }

    private Rule apiBlocked() {
        if (guardian.dryRun()) {
            return null;
        }
        if (!heroku.available()) {
            return Rule.CIRCUIT_OPEN;
        }
        return heroku.rateHeld() ? Rule.RATE_LIMITED : null;
    }

    private Pause activePause(String app, Instant now) {
        return pauses.pause(Pause.GLOBAL).filter(p -> p.activeAt(now))
                .or(() -> pauses.pause(app).filter(p -> p.activeAt(now)))
                .orElse(null);
    }
}
