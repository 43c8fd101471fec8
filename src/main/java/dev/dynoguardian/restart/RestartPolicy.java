package dev.dynoguardian.restart;

import dev.dynoguardian.system.DaemonThreads;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import dev.dynoguardian.restart.Verdict.Kind;
import dev.dynoguardian.system.WatchedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * without blocking and decided one at a time on the policy's own thread; each decision is a ledger row. Requests
 * blocked by a pause, an open circuit, one-at-a-time or the capacity floor wait in a per-type queue and are
 * re-checked against their newest evidence when a slot frees.
 */
@Service
public class RestartPolicy implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RestartPolicy.class);
    private static final long PUMP_MILLIS = 1000;
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
    private final Clock clock;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("guardian-policy"));
    private final Map<DynoKey, RestartRequest> intake = new ConcurrentHashMap<>();
    private final Queue<DynoKey> intakeOrder = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean intakeScheduled = new AtomicBoolean();

    RestartPolicy(PolicyDecisions decisions, DynoActions actions, PolicyQueues queues, PolicyNotices notices,
                  DecisionLog decisionLog, RestartStore store, WatchedApps apps, AppPolicies policies, Clock clock) {
        this.decisions = decisions;
        this.decisionLog = decisionLog;
        this.actions = actions;
        this.queues = queues;
        this.notices = notices;
        this.store = store;
        this.apps = apps;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        apps.names().forEach(store::ensureApp);
        worker.scheduleWithFixedDelay(this::pumpSafely, PUMP_MILLIS, PUMP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes a request without blocking. Requests for the same dyno that arrive before it is decided are coalesced,
     * the newest evidence winning; duplicates of a decision just recorded are absorbed without a new ledger row.
     */
    public void submit(RestartRequest request) {
        policies.settings(request.app());
        DynoKey key = new DynoKey(request.app(), request.dyno());
        if (intake.put(key, request) == null) {
            intakeOrder.add(key);
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
        return CompletableFuture.supplyAsync(() -> process(request, request.trigger() != Trigger.OPERATOR), worker);
    }

    /**
     * The platform reported the dyno {@code up} at {@code at}: a restart of it decided at or before then has landed
     * (or lands when its still running call completes). No tolerance for clock skew is added: the new dyno boots for
     * seconds after the call, which dwarfs the skew between Heroku's clock and ours, while an allowance would let the
     * up line of the dyno's previous start end a fresh restart's slot.
     */
    public void dynoUp(String app, String dyno, Instant at) {
        worker.execute(() -> {
            try {
                if (decisions.land(app, dyno, at)) {
                    log.info("restart landed app={} dyno={}", app, dyno);
                    pumpSafely();
                }
            } catch (RuntimeException e) {
                log.error("recording up line failed app={} dyno={}: {}", app, dyno, e.toString(), e);
            }
        });
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
        for (DynoKey key = intakeOrder.poll(); key != null; key = intakeOrder.poll()) {
            RestartRequest request = intake.remove(key);
            if (request != null) {
                try {
                    process(request, true);
                } catch (RuntimeException e) {
                    log.error("decision failed app={} dyno={}: {}", request.app(), request.dyno(), e.toString(), e);
                }
            }
        }
    }

    private PolicyResult process(RestartRequest r, boolean coalesce) {
        Instant now = clock.instant();
        Optional<Rule> absorbing = coalesce ? suppressions.suppressing(r, now) : Optional.empty();
        if (absorbing.isPresent()) {
            return new PolicyResult(Outcome.SKIPPED, absorbing.get(), "absorbed: the same decision was just recorded",
                    0);
        }
        if (queues.refresh(r)) {
            return new PolicyResult(Outcome.QUEUED, queues.ruleOf(r), "already queued; evidence updated", 0);
        }
        notices.formationWide(r);
        return handle(r, decisions.decide(r, queues.standing(r, policies.settings(r.app()).maxQueue()), now), now);
    }

    private PolicyResult handle(RestartRequest r, Decided d, Instant now) {
        Verdict v = d.verdict();
        switch (v.kind()) {
            case QUEUE -> {
                queues.offer(r, v.rule(), now, Integer.MAX_VALUE);
                notices.queued(r, v.rule());
                decisionLog.decided(r, Outcome.QUEUED, v.rule(), v.detail());
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

    /** Re-checks the head of each queue; carries it out or discards it once nothing blocks it any more. */
    private void pump() {
        Instant now = clock.instant();
        suppressions.expire(now);
        for (PolicyQueues.Queue queue : queues.nonEmpty()) {
            while (!queue.isEmpty()) {
                QueuedRequest head = queue.head();
                RestartRequest r = head.request();
                Optional<String> stale = r.check().staleReason();
                if (stale.isPresent()) {
                    queue.removeHead();
                    decisions.discard(r, Rule.EVIDENCE_GONE, stale.get(), now);
                    decisionLog.decided(r, Outcome.SKIPPED, Rule.EVIDENCE_GONE, stale.get());
                    continue;
                }
                Decided d = decisions.decide(r, PolicyQueues.Standing.HEAD, now);
                if (d.verdict().kind() == Kind.QUEUE) {
                    queue.blockedBy(d.verdict().rule());
                    Duration alertAfter = policies.settings(r.app()).queueAlertAfter();
                    if (!now.isBefore(head.since().plus(alertAfter)) && queue.alertHeadOnce()) {
                        notices.queuedTooLong(queue.head());
                    }
                    break;
                }
                queue.removeHead();
                handle(r, d, now);
            }
        }
    }

    /**
     * Stops the policy thread and records every request still waiting in a queue as skipped, so that none is left
     * "queued" for ever: the queues live in this process, and a guardian replaced by a deploy takes them with it.
     */
    @Override
    public void destroy() throws InterruptedException {
        worker.shutdownNow();
        if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("policy thread still busy at shutdown; queued requests are recorded anyway");
        }
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

    /** An app and dyno name. */
    record DynoKey(String app, String dyno) {
    }
}
