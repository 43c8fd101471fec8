package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.drain.FormationView;
import dev.dynoguardian.heroku.HerokuClient;
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
    record Decided(Verdict verdict, Outcome outcome, long ledgerId, WindowState previousWindow) {
    }

    private final RestartStore store;
    private final RestartLedger ledger;
    private final TransactionTemplate tx;
    private final FormationView formation;
    private final SharedDynoStates sharedStates;
    private final Duration dynoTtl;
    private final HerokuClient heroku;
    private final AppPolicies policies;
    private final GuardianProperties guardian;
    private final String instance;

    PolicyDecisions(RestartStore store, RestartLedger ledger, TransactionTemplate tx, FormationView formation,
                    SharedDynoStates sharedStates, DrainProperties drain, HerokuClient heroku, AppPolicies policies,
                    GuardianProperties guardian) {
        this.store = store;
        this.ledger = ledger;
        this.tx = tx;
        this.formation = formation;
        this.sharedStates = sharedStates;
        this.dynoTtl = drain.dynoTtl();
        this.heroku = heroku;
        this.policies = policies;
        this.guardian = guardian;
        this.instance = guardian.instance();
    }

    /**
     * Decides about a request. A request that was already queued records no second "queued" row while it keeps
     * waiting.
     */
    Decided decide(RestartRequest r, boolean alreadyQueued, Instant now) {
        PolicySettings settings = policies.settings(r.app());
        return tx.execute(status -> {
            store.lockApp(r.app());
            PolicySnapshot snapshot = snapshot(r, settings, now);
            Verdict v = PolicyRules.decide(settings, snapshot, r, now);
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

    /** Records a queued request dropped without a decision of the rules (evidence gone, queue full). */
    void discard(RestartRequest r, Rule rule, String detail, Instant now) {
        ledger.record(r, rule, Outcome.SKIPPED, detail, instance, now);
    }

    /** Undoes what an action reserved when its API call failed: the window, incarnation and in-flight slot. */
    void release(RestartRequest r, Decided d) {
        tx.executeWithoutResult(status -> {
            store.lockApp(r.app());
            store.restoreWindow(r.app(), r.dyno(), d.previousWindow());
            store.deleteIncarnation(r.app(), r.incarnation());
            store.endFlight(r.app(), r.dyno(), d.ledgerId());
        });
    }

    private Decided act(RestartRequest r, Verdict v, WindowState previous, PolicySettings settings, Instant now) {
        Outcome outcome = guardian.dryRun() ? Outcome.DRY_RUN : Outcome.PENDING;
        String detail = guardian.dryRun() ? "dry-run: would " + r.action().tag() : "";
        long id = ledger.record(r, Rule.ALLOWED, outcome, detail, instance, now);
        store.saveWindow(r.app(), r.dyno(), v.windowAfter());
        store.saveIncarnation(r.app(), r.incarnation(), r.dyno(), now);
        store.startFlight(r.app(), r.dyno(), r.processType(), id, now, now.plus(settings.settleTime()));
        return new Decided(v, outcome, id, previous);
    }

    private PolicySnapshot snapshot(RestartRequest r, PolicySettings settings, Instant now) {
        String type = r.processType();
        List<RestartStore.InFlight> flights = store.inFlight(r.app(), now);
        List<String> flyingOfType = flights.stream().filter(f -> f.processType().equals(type))
                .map(RestartStore.InFlight::dyno).toList();
        List<String> notCountedDown = new ArrayList<>(flyingOfType);
        notCountedDown.add(r.dyno());
        FormationView.TypeCounts seen = formation.counts(r.app(), type, notCountedDown,
                sharedStates.states(r.app(), type, now.minus(dynoTtl)));
        int size = Math.max(seen.size(), flyingOfType.size());
        return new PolicySnapshot(activePause(r.app(), now), store.window(r.app(), r.dyno()),
                store.incarnationRestarted(r.app(), r.incarnation()), flyingOfType.size(), size,
                flyingOfType.size() + seen.down(), Math.max(0, seen.running() - flyingOfType.size()),
                ledger.actionsSince(r.app(), now.minus(Duration.ofHours(1))),
                guardian.dryRun() || heroku.available());
    }

    private Pause activePause(String app, Instant now) {
        return store.pause(Pause.GLOBAL).filter(p -> p.activeAt(now))
                .or(() -> store.pause(app).filter(p -> p.activeAt(now)))
                .orElse(null);
    }
}
