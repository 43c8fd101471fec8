package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.PlatformFormation;
import dev.dynoguardian.restart.PolicyDecisions.Decided;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A pass over the policy's queues, on the policy thread: the head of each is re-checked against its newest evidence
 * and carried out or discarded once nothing blocks it any more. At shutdown what still waits is recorded as skipped.
 */
@Component
class QueuePass {

    private static final Logger log = LoggerFactory.getLogger(QueuePass.class);
    private static final String STOPPING = "the guardian stopped while this waited; the next evidence asks again";

    private final PolicyQueues queues;
    private final PolicyDecisions decisions;
    private final PolicyFlow flow;
    private final OutcomeRecorder recorder;
    private final PolicyNotices notices;
    private final AppPolicies policies;
    private final PlatformFormation platform;
    private final FormationGate gate;
    private final Suppressions suppressions;
    private final Clock clock;

    QueuePass(PolicyQueues queues, PolicyDecisions decisions, PolicyFlow flow, OutcomeRecorder recorder,
              PolicyNotices notices, AppPolicies policies, PlatformFormation platform, FormationGate gate,
              Suppressions suppressions, Clock clock) {
        this.queues = queues;
        this.decisions = decisions;
        this.flow = flow;
        this.recorder = recorder;
        this.notices = notices;
        this.policies = policies;
        this.platform = platform;
        this.gate = gate;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** Runs a pass; a failure is logged, and the next pass tries again. */
    void runSafely() {
        try {
            run();
        } catch (RuntimeException e) {
            log.error("policy queue pass failed: {}", e.toString(), e);
        }
    }

    /**
     * Re-checks the head of each queue; carries it out or discards it once nothing blocks it any more. A head is
     * decided only on a recent list of the app's dynos (one is asked for otherwise) that still names its dyno.
     */
    private void run() {
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
                    recorder.dropped(r, Rule.EVIDENCE_GONE, stale.get(), now);
                    continue;
                }
                Decided d = decisions.decide(r, PolicyQueues.Standing.HEAD, head.since(), now);
                if (d.verdict().kind() == RuleVerdict.Kind.QUEUE) {
                    queue.blockedBy(d.verdict().rule());
                    flow.confirmIfFloorHolds(r, d.verdict());
                    Duration alertAfter = policies.settings(r.app()).queueAlertAfter();
                    if (!now.isBefore(head.since().plus(alertAfter)) && queue.alertHeadOnce()) {
                        notices.queuedTooLong(queue.head());
                    }
                    break;
                }
                queue.removeHead();
                flow.handle(r, d, head.since(), now);
            }
        }
    }

    /**
     * Records every request still waiting in a queue as skipped, so that none is left "queued" for ever: the queues
     * live in this process, and a guardian replaced by a deploy takes them with it.
     */
    void recordLeftAtShutdown() {
        Instant now = clock.instant();
        for (PolicyQueues.Queue queue : queues.nonEmpty()) {
            while (!queue.isEmpty()) {
                RestartRequest r = queue.head().request();
                queue.removeHead();
                try {
                    recorder.dropped(r, Rule.SHUTDOWN, STOPPING, now);
                } catch (RuntimeException e) {
                    log.error("could not record the queued request app={} dyno={} at shutdown: {}", r.app(), r.dyno(),
                            e.toString());
                }
            }
        }
    }
}
