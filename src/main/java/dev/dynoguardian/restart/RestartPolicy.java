package dev.dynoguardian.restart;

import dev.dynoguardian.drain.DrainProperties;
import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.WatchedApps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Service;

/**
 * The one place every action on a dyno is decided, whoever asks (memory, latency, operator). Requests are taken
 * without blocking and decided one at a time on the policy's own thread ({@link PolicyFlow}); each decision is a
 * ledger row. A request is decided only about a dyno the Platform API lists ({@link FormationGate}). Requests blocked
 * by a pause, an open circuit, one-at-a-time or the capacity floor wait in a per-type queue and are re-checked against
 * their newest evidence when a slot frees ({@link QueuePass}).
 */
@Service
public class RestartPolicy implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RestartPolicy.class);
    private static final Duration PUMP_EVERY = Duration.ofSeconds(1);

    private final PolicyFlow flow;
    private final QueuePass pass;
    private final PolicyDecisions decisions;
    private final PolicyQueues queues;
    private final RestartStore store;
    private final WatchedApps apps;
    private final AppPolicies policies;
    private final PlatformFormation platform;
    private final FormationGate gate;
    private final PolicyIntake intake;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Background worker = Background.thread("guardian-policy");
    private final AtomicBoolean intakeScheduled = new AtomicBoolean();
    private final AtomicBoolean upsScheduled = new AtomicBoolean();

    RestartPolicy(PolicyFlow flow, QueuePass pass, PolicyDecisions decisions, PolicyQueues queues,
                  RestartStore store, WatchedApps apps, AppPolicies policies, PlatformFormation platform,
                  FormationGate gate, DrainProperties drain, MeterRegistry meters, Clock clock) {
        this.flow = flow;
        this.pass = pass;
        this.decisions = decisions;
        this.queues = queues;
        this.store = store;
        this.apps = apps;
        this.policies = policies;
        this.platform = platform;
        this.gate = gate;
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
        flow.start(worker::execute, pass::runSafely);
        platform.onRefreshed(app -> worker.execute(() -> afterListing(app)));
        apps.names().forEach(platform::refresh);
        worker.every(PUMP_EVERY, PUMP_EVERY, pass::runSafely);
    }

    /**
     * Takes a request without blocking. Requests for the same dyno that arrive before it is decided are coalesced,
     * the newest evidence winning; duplicates of a decision just recorded are absorbed without a new ledger row. When
     * the app has {@code guardian.drain.max-dynos} dynos waiting to be decided already, the request is dropped and
     * counted ({@code guardian.policy.dropped}): the next evidence asks again.
     */
    public void submit(RestartRequest request) {
        policies.requireWatched(request.app());
        if (!intake.offer(request)) {
            flow.dropped(request.app());
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
        policies.requireWatched(request.app());
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
        worker.execute(pass::runSafely);
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
            pass.runSafely();
        }
    }

    /** A list of the app's dynos arrived (or failed): decides what it can of the requests parked for one. */
    private void afterListing(String app) {
        for (FormationGate.Parked p : gate.release(app)) {
            decide(p.request(), p.answer() == null, p.answer(), p.generation(), p.since());
        }
        pass.runSafely();
    }

    /**
     * Decides on the policy thread about a request that arrived at {@code since}, answering {@code answer} (if any)
     * unless the request was parked.
     */
    private void decide(RestartRequest r, boolean coalesce, CompletableFuture<PolicyResult> answer, long seen,
                        Instant since) {
        try {
            PolicyResult result = flow.process(r, coalesce, answer, seen, since);
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

    /**
     * Stops the policy thread and records every request still waiting in a queue as skipped ({@link QueuePass}).
     * Requests parked for a list of dynos were never decided and leave no row; whoever waits for one is told.
     */
    @Override
    public void destroy() throws InterruptedException {
        if (!worker.stop(Duration.ofSeconds(5))) {
            log.warn("policy thread still busy at shutdown; queued requests are recorded anyway");
        }
        gate.drain().stream().filter(p -> p.answer() != null)
                .forEach(p -> p.answer().completeExceptionally(new CancellationException("the guardian stopped")));
        pass.recordLeftAtShutdown();
    }
}
