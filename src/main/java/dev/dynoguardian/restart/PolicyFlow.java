package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One request's way through the policy, on the policy thread: absorbed by a decision just recorded, refreshed in its
 * queue, parked for a list of the app's dynos, dropped as unlisted, or decided by the rules ({@link PolicyDecisions})
 * and then queued, skipped or carried out ({@link DynoActions}). Every outcome is recorded by the
 * {@link OutcomeRecorder}.
 */
@Component
class PolicyFlow {

    private static final Logger log = LoggerFactory.getLogger(PolicyFlow.class);
    private static final Duration UNLISTED_LOG_EVERY = Duration.ofMinutes(1);
    private static final String QUEUE_FULL = "the app's queue is full";

    private final PolicyDecisions decisions;
    private final DynoActions actions;
    private final PolicyQueues queues;
    private final OutcomeRecorder recorder;
    private final PolicyNotices notices;
    private final AppPolicies policies;
    private final PlatformFormation platform;
    private final FormationGate gate;
    private final Suppressions suppressions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Instant> unlistedLoggedAt = new ConcurrentHashMap<>();
    private Executor policyThread;
    private Runnable afterEachAction;

    PolicyFlow(PolicyDecisions decisions, DynoActions actions, PolicyQueues queues, OutcomeRecorder recorder,
               PolicyNotices notices, AppPolicies policies, PlatformFormation platform, FormationGate gate,
               Suppressions suppressions, MeterRegistry meters, Clock clock) {
        this.decisions = decisions;
        this.actions = actions;
        this.queues = queues;
        this.recorder = recorder;
        this.notices = notices;
        this.policies = policies;
        this.platform = platform;
        this.gate = gate;
        this.suppressions = suppressions;
        this.meters = meters;
        this.clock = clock;
    }

    /** Where actions report back: {@code afterEachAction} runs on the policy thread once one ended and is recorded. */
    void start(Executor policyThread, Runnable afterEachAction) {
        this.policyThread = policyThread;
        this.afterEachAction = afterEachAction;
    }

    /**
     * The decision about a request that arrived at {@code since}, or null when it was parked to wait for a fresh list
     * of the app's dynos ({@code answer}, if any, is then answered once it is decided).
     */
    PolicyResult process(RestartRequest r, boolean coalesce, CompletableFuture<PolicyResult> answer, long seen,
                         Instant since) {
        Instant now = clock.instant();
        Optional<Rule> absorbing = coalesce ? suppressions.suppressing(r, now) : Optional.empty();
        if (absorbing.isPresent()) {
            return new PolicyResult(Outcome.SKIPPED, absorbing.get(), "absorbed: the same decision was just recorded",
                    0);
        }
        if (queues.refresh(r)) {
            return new PolicyResult(Outcome.QUEUED, queues.ruleOf(r), "already queued; evidence updated", 0);
        }
        switch (gate.check(r, seen)) {
            case WAIT -> {
                if (gate.park(r, answer, since)) {
                    return null;
                }
                dropped(r.app());
                return new PolicyResult(Outcome.SKIPPED, Rule.NOT_LISTED, "too many requests wait for the list of"
                        + " the app's dynos; the next evidence asks again", 0);
            }
            case UNLISTED -> {
                return unlisted(r, now);
            }
            case LISTED -> {
                if (seen != FormationGate.NEVER) {
                    Optional<String> stale = r.check().staleReason();
                    if (stale.isPresent()) {
                        long id = recorder.dropped(r, Rule.EVIDENCE_GONE, stale.get(), now);
                        return new PolicyResult(Outcome.SKIPPED, Rule.EVIDENCE_GONE, stale.get(), id);
                    }
                }
            }
        }
        notices.formationWide(r);
        int maxQueue = policies.settings(r.app()).maxQueue();
        Decided d = decisions.decide(r, queues.standing(r, maxQueue), since, now);
        return handle(r, d, since, now);
    }

    /** Counts a request dropped before any decision ({@code guardian.policy.dropped}): the next evidence asks again. */
    void dropped(String app) {
        meters.counter("guardian.policy.dropped", "app", app).increment();
    }

    /**
     * The Platform API does not list the dyno: nothing is done and nothing is charged to the budget. Drain input can
     * name any number of invented dynos, so those requests get no ledger row, only a count and a line a minute; an
     * operator's refusal is recorded.
     */
    private PolicyResult unlisted(RestartRequest r, Instant now) {
        String detail = "the Platform API does not list " + r.dyno() + " among the dynos of " + r.app();
        meters.counter("guardian.policy.unlisted", "app", r.app(), "trigger", r.trigger().tag()).increment();
        if (r.trigger() == Trigger.OPERATOR) {
            long id = recorder.dropped(r, Rule.NOT_LISTED, detail, now);
            return new PolicyResult(Outcome.SKIPPED, Rule.NOT_LISTED, detail, id);
        }
        Instant last = unlistedLoggedAt.get(r.app());
        if (last == null || !now.isBefore(last.plus(UNLISTED_LOG_EVERY))) {
            unlistedLoggedAt.put(r.app(), now);
            log.warn("ignoring requests about dynos the Platform API does not list, e.g. app={} dyno={} trigger={}"
                    + " (counted in guardian_policy_unlisted_total)", r.app(), r.dyno(), r.trigger().tag());
        }
        return new PolicyResult(Outcome.SKIPPED, Rule.NOT_LISTED, detail, 0);
    }

    /** Carries out a decision about a request that arrived at {@code since}; a queued one waits from then. */
    PolicyResult handle(RestartRequest r, Decided d, Instant since, Instant now) {
        RuleVerdict v = d.verdict();
        switch (v.kind()) {
            case QUEUE -> {
                queues.offer(r, v.rule(), since, Integer.MAX_VALUE);
                recorder.ruled(r, v);
                confirmIfFloorHolds(r, v);
            }
            case SKIP -> {
                suppressions.remember(r, v, now);
                recorder.ruled(r, v);
            }
            case ACT -> {
                suppressions.acted(r, now.plus(policies.settings(r.app()).settleTime()));
                actions.carryOut(r, d, result -> {
                    policyThread.execute(() -> afterAction(r, d, result));
                    if (result == DynoActions.Result.DONE) {
                        r.carriedOut().carriedOut(d.ledgerId());
                    }
                });
            }
        }
        return new PolicyResult(d.outcome(), v.rule(), v.detail(), d.ledgerId());
    }

    /** The capacity floor holds a request: ask the platform again, so drain reports of dynos down are confirmed. */
    void confirmIfFloorHolds(RestartRequest r, RuleVerdict v) {
        if (v.rule() == Rule.CAPACITY) {
            platform.refresh(r.app());
        }
    }

    /**
     * An action whose call was not sent waits in the queue (its ledger row says queued); when the app's queue is full
     * that row becomes the skip instead.
     */
    private void afterAction(RestartRequest r, Decided d, DynoActions.Result result) {
        if (result != DynoActions.Result.DONE) {
            suppressions.forget(r);
        }
        Rule waitsFor = result.waitsFor;
        if (waitsFor != null) {
            Instant now = clock.instant();
            if (queues.offer(r, waitsFor, now, policies.settings(r.app()).maxQueue())) {
                recorder.requeued(r, waitsFor);
            } else {
                recorder.skippedInstead(r, d, Rule.QUEUE_FULL, QUEUE_FULL, now);
            }
        }
        afterEachAction.run();
    }
}
