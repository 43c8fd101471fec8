package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.heroku.HerokuProperties;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import dev.dynoguardian.restart.RuleVerdict.Kind;
import dev.dynoguardian.system.DaemonThreads;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Service;

/**
 * The one place every action on a dyno is decided, whoever asks (memory, latency, operator). Requests are taken
 * without blocking and decided one at a time on the policy's own thread; each decision is a ledger row. A request is
 * decided only about a dyno the Platform API lists ({@link FormationGate}). Requests blocked by a pause, an open circuit,
 * one-at-a-time or the capacity floor wait in a per-type queue and are re-checked against their newest evidence when a
 * slot frees.
 */
@Service
public class RestartPolicy implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RestartPolicy.class);
    private static final long PUMP_MILLIS = 1000;
    private static final Duration UNLISTED_LOG_EVERY = Duration.ofMinutes(1);
    private static final String QUEUE_FULL = "the app's queue is full";
    private static final String STOPPING = "the guardian stopped while this waited; the next evidence asks again";

    private final PolicyDecisions decisions;
    private final DynoActions actions;
    private final PolicyQueues queues;
    private final Suppressions suppressions = new Suppressions();
    private final PolicyNotices notices;
    private final DecisionLog decisionLog;
    private final RestartStore store;
    private final WatchedApps apps;
    private final AppPolicies policies;
    private final PlatformFormation platform;
    private final FormationGate gate;
    private final PolicyIntake intake;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Instant> unlistedLoggedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("guardian-policy"));
    private final AtomicBoolean intakeScheduled = new AtomicBoolean();
    private final AtomicBoolean upsScheduled = new AtomicBoolean();

    RestartPolicy(PolicyDecisions decisions, DynoActions actions, PolicyQueues queues, PolicyNotices notices,
                  DecisionLog decisionLog, RestartStore store, WatchedApps apps, AppPolicies policies,
                  PlatformFormation platform, GuardianProperties guardian, HerokuProperties heroku,
                  DrainProperties drain, MeterRegistry meters, Clock clock) {
        this.decisions = decisions;
        this.decisionLog = decisionLog;
        this.actions = actions;
        this.queues = queues;
        this.notices = notices;
        this.store = store;
        this.apps = apps;
        this.policies = policies;
        this.platform = platform;
        this.gate = new FormationGate(platform, clock, guardian.dryRun(), heroku.formationMaxAge(), drain.maxDynos());
        this.intake = new PolicyIntake(drain.maxDynos(), platform);
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        apps.names().forEach(store::ensureApp);
        for (String app : apps.names()) {
            meters.counter("guardian.policy.dropped", "app", app);
            for (Trigger trigger : Trigger.values()) {
                meters.counter("guardian.policy.unlisted", "app", app, "trigger", trigger.tag());
            }
        }
        platform.onRefreshed(app -> worker.execute(() -> afterListing(app)));
        apps.names().forEach(platform::refresh);
        worker.scheduleWithFixedDelay(this::pumpSafely, PUMP_MILLIS, PUMP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a request without blocking. Requests for the same dyno that arrive before it is decided are coalesced,
     * the newest evidence winning; duplicates of a decision just recorded are absorbed without a new ledger row. When
     * the app has {@code guardian.drain.max-dynos} dynos waiting to be decided already, the request is dropped and
     * counted ({@code guardian.policy.dropped}): the next evidence asks again.
     */
    public void submit(RestartRequest request) {
        policies.settings(request.app());
        if (!intake.offer(request)) {
            meters.counter("guardian.policy.dropped", "app", request.app()).increment();
            return;
        }
        if (intakeScheduled.compareAndSet(false, true)) {
            worker.execute(this::drainIntake);
        }
    }

    /**
     * Decides about a request and answers with the decision (acted, queued or refused by a rule). An operator's
     * request is always decided afresh; others may be absorbed by a decision just recorded for the same dyno.
     */
    public CompletableFuture<PolicyResult> request(RestartRequest request) {
        policies.settings(request.app());
        CompletableFuture<PolicyResult> answer = new CompletableFuture<>();
        worker.execute(() -> decide(request, request.trigger() != Trigger.OPERATOR, answer, FormationGate.NEVER,
                clock.instant()));
        return answer;
    }

    /**
     * The platform reported the dyno {@code up} at {@code at}: a restart of it decided at or before then has landed
     * (or lands when its still running call completes), though never before its floor
     * ({@code guardian.policy.min-settle} after its call). No tolerance for clock skew is added: the new dyno boots
     * for seconds after the call, which dwarfs the skew between Heroku's clock and ours, while an allowance would let
     * the up line of the dyno's previous start end a fresh restart's slot.
     */
    public void dynoUp(String app, String dyno, Instant at) {
        if (intake.up(app, dyno, at) && upsScheduled.compareAndSet(false, true)) {
            worker.execute(this::landUps);
        }
    }

    /** Runs a pass over the queues on the policy thread: after a resume, or when an action finished. */
    public void wake() {
        worker.execute(this::pumpSafely);
    }

    /** The requests waiting in the app's queues, oldest first. */
    public List<QueuedRequest> queued(String app) {
        return queues.view(app);
    }

    private void drainIntake() {
        intakeScheduled.set(false);
        for (RestartRequest r = intake.poll(); r != null; r = intake.poll()) {
            decide(r, true, null, FormationGate.NEVER, clock.instant());
        }
    }

    private void landUps() {
        upsScheduled.set(false);
        boolean landed = false;
        for (Map.Entry<PolicyIntake.DynoKey, Instant> up : intake.takeUps().entrySet()) {
            String app = up.getKey().app();
            String dyno = up.getKey().dyno();
            try {
                if (decisions.land(app, dyno, up.getValue())) {
                    log.info("restart landed app={} dyno={}", app, dyno);
                    landed = true;
                }
            } catch (RuntimeException e) {
                log.error("recording up line failed app={} dyno={}: {}", app, dyno, e.toString(), e);
            }
        }
        if (landed) {
            pumpSafely();
        }
    }

    /** A list of the app's dynos arrived (or failed): decides what it can of the requests parked for one. */
    private void afterListing(String app) {
        for (FormationGate.Parked p : gate.release(app)) {
            decide(p.request(), p.answer() == null, p.answer(), p.generation(), p.since());
        }
        pumpSafely();
    }

    /**
     * Decides on the policy thread about a request that arrived at {@code since}, answering {@code answer} (if any)
     * unless the request was parked.
     */
    private void decide(RestartRequest r, boolean coalesce, CompletableFuture<PolicyResult> answer, long seen,
                        Instant since) {
        try {
            PolicyResult result = process(r, coalesce, answer, seen, since);
            if (result != null && answer != null) {
                answer.complete(result);
            }
        } catch (RuntimeException e) {
            log.error("decision failed app={} dyno={}: {}", r.app(), r.dyno(), e.toString(), e);
            if (answer != null) {
                answer.completeExceptionally(e);
            }
        }
    }

    /** The decision, or null when the request was parked to wait for a fresh list of the app's dynos. */
    private PolicyResult process(RestartRequest r, boolean coalesce, CompletableFuture<PolicyResult> answer,
                                 long seen, Instant since) {
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
                meters.counter("guardian.policy.dropped", "app", r.app()).increment();
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
                        decisions.discard(r, Rule.EVIDENCE_GONE, stale.get(), now);
                        decisionLog.decided(r, Outcome.SKIPPED, Rule.EVIDENCE_GONE, stale.get());
                        return new PolicyResult(Outcome.SKIPPED, Rule.EVIDENCE_GONE, stale.get(), 0);
                    }
                }
            }
        }
        notices.formationWide(r);
        Decided d = decisions.decide(r, queues.standing(r, policies.settings(r.app()).maxQueue()), since, now);
        return handle(r, d, since, now);
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
            long id = decisions.discard(r, Rule.NOT_LISTED, detail, now);
            decisionLog.decided(r, Outcome.SKIPPED, Rule.NOT_LISTED, detail);
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
    private PolicyResult handle(RestartRequest r, Decided d, Instant since, Instant now) {
        RuleVerdict v = d.verdict();
        switch (v.kind()) {
            case QUEUE -> {
                queues.offer(r, v.rule(), since, Integer.MAX_VALUE);
                notices.queued(r, v.rule());
                decisionLog.decided(r, Outcome.QUEUED, v.rule(), v.detail());
                confirmIfFloorHolds(r, v);
            }
            case SKIP -> {
                suppressions.remember(r, v, now);
                decisionLog.decided(r, Outcome.SKIPPED, v.rule(), v.detail());
                notices.skipped(r, v);
            }
            case ACT -> {
                suppressions.acted(r, now.plus(policies.settings(r.app()).settleTime()));
                actions.carryOut(r, d, result -> {
                    worker.execute(() -> afterAction(r, d, result));
                    if (result == DynoActions.Result.DONE) {
                        r.carriedOut().carriedOut(d.ledgerId());
                    }
                });
            }
        }
        return new PolicyResult(d.outcome(), v.rule(), v.detail(), d.ledgerId());
    }

    /** The capacity floor holds a request: ask the platform again, so drain reports of dynos down are confirmed. */
    private void confirmIfFloorHolds(RestartRequest r, RuleVerdict v) {
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
                notices.queued(r, waitsFor);
            } else {
                decisions.skipInstead(d, Rule.QUEUE_FULL, QUEUE_FULL, now);
                decisionLog.decided(r, Outcome.SKIPPED, Rule.QUEUE_FULL, QUEUE_FULL);
            }
        }
        pumpSafely();
    }

    private void pumpSafely() {
        try {
            pump();
        } catch (RuntimeException e) {
            log.error("policy queue pass failed: {}", e.toString(), e);
        }
    }

    /**
     * Re-checks the head of each queue; carries it out or discards it once nothing blocks it any more. A head is
     * decided only on a recent list of the app's dynos (one is asked for otherwise) that still names its dyno.
     */
    private void pump() {
        Instant now = clock.instant();
        suppressions.expire(now);
        for (PolicyQueues.Queue queue : queues.nonEmpty()) {
            while (!queue.isEmpty()) {
                QueuedRequest head = queue.head();
                RestartRequest r = head.request();
                Optional<String> stale = r.check().staleReason();
                FormationGate.Check listed = stale.isPresent() ? FormationGate.Check.LISTED : gate.recheck(r);
                if (listed == FormationGate.Check.WAIT) {
                    platform.refresh(r.app());
                    break;
                }
                if (listed == FormationGate.Check.UNLISTED) {
                    stale = Optional.of("the Platform API no longer lists " + r.dyno());
                }
                if (stale.isPresent()) {
                    queue.removeHead();
                    decisions.discard(r, Rule.EVIDENCE_GONE, stale.get(), now);
                    decisionLog.decided(r, Outcome.SKIPPED, Rule.EVIDENCE_GONE, stale.get());
                    continue;
                }
                Decided d = decisions.decide(r, PolicyQueues.Standing.HEAD, head.since(), now);
                if (d.verdict().kind() == Kind.QUEUE) {
                    queue.blockedBy(d.verdict().rule());
                    confirmIfFloorHolds(r, d.verdict());
                    Duration alertAfter = policies.settings(r.app()).queueAlertAfter();
                    if (!now.isBefore(head.since().plus(alertAfter)) && queue.alertHeadOnce()) {
                        notices.queuedTooLong(queue.head());
                    }
                    break;
                }
                queue.removeHead();
                handle(r, d, head.since(), now);
            }
        }
    }

    /**
     * Stops the policy thread and records every request still waiting in a queue as skipped, so that none is left
     * "queued" for ever: the queues live in this process, and a guardian replaced by a deploy takes them with it.
     * Requests parked for a list of dynos were never decided and leave no row; whoever waits for one is told.
     */
    @Override
    public void destroy() throws InterruptedException {
        worker.shutdownNow();
        if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("policy thread still busy at shutdown; queued requests are recorded anyway");
        }
        gate.drain().stream().filter(p -> p.answer() != null)
                .forEach(p -> p.answer().completeExceptionally(new CancellationException("the guardian stopped")));
        Instant now = clock.instant();
        for (PolicyQueues.Queue queue : queues.nonEmpty()) {
            while (!queue.isEmpty()) {
                RestartRequest r = queue.head().request();
                queue.removeHead();
                try {
                    decisions.discard(r, Rule.SHUTDOWN, STOPPING, now);
                    decisionLog.decided(r, Outcome.SKIPPED, Rule.SHUTDOWN, STOPPING);
                } catch (RuntimeException e) {
                    log.error("could not record the queued request app={} dyno={} at shutdown: {}", r.app(), r.dyno(),
                            e.toString());
                }
            }
        }
    }
}
